import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Self-service password resets under way: one row per "Forgot your password?", found by the
 * keyed hash of the browser's token. A UPN that names nobody who may reset gets a row too, with
 * no user, so it walks the same pages. The methods proven, the code last sent (its keyed hash
 * only) and the questions asked are JSON; `failures` is the reset's own budget of wrong answers.
 */
export const passwordResets: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("password_resets")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
      .addColumn("upn", "text", (c) => c.notNull())
      .addColumn("language", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("proven_json", "text", (c) => c.notNull())
      .addColumn("code_json", "text")
      .addColumn("questions_json", "text")
      .addColumn("completed_at", "bigint")
      .execute();
    await db.schema
      .createIndex("password_resets_expires")
      .on("password_resets")
      .column("expires_at")
      .execute();
  },
};
