import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Seed 003's roles, held by users (administrators signing in) and by API clients (scripts using
 * the admin API with a client id and secret, the secret stored only as a keyed hash).
 */
export const rolesAndApiClients: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("api_clients")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("secret_hash", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .addColumn("last_used_at", "bigint")
      .execute();

    await db.schema
      .createTable("role_assignments")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("principal_type", "text", (c) => c.notNull())
      .addColumn("principal_id", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("role_assignments_pk", ["principal_type", "principal_id", "role"])
      .execute();
    await db.schema
      .createIndex("role_assignments_tenant")
      .on("role_assignments")
      .columns(["tenant_id", "role"])
      .execute();
  },
};
