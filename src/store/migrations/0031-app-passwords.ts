import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * App passwords: a user's named passwords for mail clients and
 * other programs that cannot do MFA, each kept only as a keyed hash (src/crypto/keyed-hash.ts),
 * never as itself. A name is the user's once; the user's deletion takes them along.
 */
export const appPasswords: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("app_passwords")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_used_at", "bigint")
      .execute();
    await db.schema
      .createIndex("app_passwords_user_name")
      .on("app_passwords")
      .columns(["user_id", "name"])
      .unique()
      .execute();
  },
};
