import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Seed 003 "Temporary Access Pass": at most one per user (the unique user_id), stored only as a
 * keyed hash. `used_at` is set once, by the sign-in that spends a one-time pass.
 */
export const temporaryAccessPasses: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("temporary_access_passes")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("user_id", "text", (c) =>
        c.notNull().unique().references("users.id").onDelete("cascade"),
      )
      .addColumn("pass_hash", "text", (c) => c.notNull())
      .addColumn("usable_once", "integer", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("start_at", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("used_at", "bigint")
      .addColumn("last_used_at", "bigint")
      .execute();
  },
};
