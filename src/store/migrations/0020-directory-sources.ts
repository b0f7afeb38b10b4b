import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * A tenant's user directory (LDAP or Active Directory): where its users, groups and passwords
 * come from. The settings are JSON; the service account's password is sealed with the master
 * key, as OTP seeds are. `sync_claimed_at` lets one instance of several take a periodic sync.
 */
export const directorySources: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("directory_sources")
      .addColumn("tenant_id", "text", (c) => c.primaryKey().references("tenants.id"))
      .addColumn("settings_json", "text", (c) => c.notNull())
      .addColumn("sealed_bind_password", "text", (c) => c.notNull())
      .addColumn("sync_interval_minutes", "integer", (c) => c.notNull())
      .addColumn("sync_claimed_at", "bigint")
      .addColumn("last_sync_at", "bigint")
      .addColumn("last_sync_result", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
};
