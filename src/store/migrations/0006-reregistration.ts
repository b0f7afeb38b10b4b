import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/** Seed 003 "Require re-register MFA": when an administrator asked a user to register again. */
export const reregistration: Migration = {
  async up(db: Db) {
    await db.schema.alterTable("users").addColumn("reregister_required_at", "bigint").execute();
  },
};
