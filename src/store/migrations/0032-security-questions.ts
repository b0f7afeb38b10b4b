import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Security questions for self-service password reset: a
 * tenant's own questions, and each user's answers, one row per question the user chose, keyed by
 * the question (`predefined:7`, `custom:<id>`). An answer is kept only as an argon2id hash of its
 * normalised form bound to the user and the question: nobody, an administrator included, can read
 * it back.
 */
export const securityQuestions: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("security_question_custom")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("security_question_custom_tenant")
      .on("security_question_custom")
      .column("tenant_id")
      .execute();
    await db.schema
      .createTable("security_question_answers")
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("question_key", "text", (c) => c.notNull())
      .addColumn("answer_hash", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("security_question_answers_pk", ["user_id", "question_key"])
      .execute();
    await db.schema
      .createIndex("security_question_answers_tenant_question")
      .on("security_question_answers")
      .columns(["tenant_id", "question_key"])
      .execute();
  },
};
