import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * The sign-in machine: a pending sign-in keeps what it has established (its facts, as JSON, with
 * a version that every change moves on) instead of a stage; a session and a sign-in log entry say
 * which first factor was proven, and a session when its second factor last was. Pending sign-ins
 * live ten minutes: those begun before the upgrade are ended, their users sign in again.
 */
export const signInFacts: Migration = {
  async up(db: Db) {
    await db.deleteFrom("pending_sign_ins").execute();
    await db.schema.alterTable("pending_sign_ins").dropColumn("stage").execute();
    await db.schema
      .alterTable("pending_sign_ins")
      .addColumn("facts_json", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    await db.schema
      .alterTable("pending_sign_ins")
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    // password, temporaryAccessPass; null for sessions begun before this version.
    await db.schema.alterTable("sessions").addColumn("first_factor", "text").execute();
    // When a second factor was last proven for this session; null when MFA was skipped.
    await db.schema.alterTable("sessions").addColumn("second_factor_at", "bigint").execute();
    await db.schema.alterTable("sign_in_log").addColumn("first_factor", "text").execute();
  },
};
