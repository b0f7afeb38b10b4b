import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * SCIM 2.0 provisioning (RFC 7643/7644): the bearer tokens a tenant's identity system presents,
 * stored as keyed hashes and revocable; the `externalId` the provisioning client gives users and
 * groups (its own identifier, unique per tenant), and the parts of a user's name it sends.
 */
export const scim: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("scim_tokens")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .addColumn("last_used_at", "bigint")
      .execute();
    await db.schema
      .createIndex("scim_tokens_by_tenant")
      .on("scim_tokens")
      .columns(["tenant_id", "created_at"])
      .execute();
    await db.schema.alterTable("users").addColumn("external_id", "text").execute();
    await db.schema.alterTable("users").addColumn("given_name", "text").execute();
    await db.schema.alterTable("users").addColumn("family_name", "text").execute();
    await db.schema.alterTable("groups").addColumn("external_id", "text").execute();
    // Unique per tenant where given; NULLs never collide, in SQLite and PostgreSQL alike.
    await db.schema
      .createIndex("users_external_id_unique")
      .on("users")
      .columns(["tenant_id", "external_id"])
      .unique()
      .execute();
    await db.schema
      .createIndex("groups_external_id_unique")
      .on("groups")
      .columns(["tenant_id", "external_id"])
      .unique()
      .execute();
  },
};
