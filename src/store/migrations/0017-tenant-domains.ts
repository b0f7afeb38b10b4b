import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * The domains of a tenant's user names (Entra's "Custom domain names"): the part of a UPN after
 * the `@` finds the tenant on the sign-in page. A domain, lowercase, belongs to one tenant. A
 * tenant may have none: the default tenant answers every domain nobody has.
 */
export const tenantDomains: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("tenant_domains")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("tenant_domains_by_tenant")
      .on("tenant_domains")
      .columns(["tenant_id", "name"])
      .execute();
  },
};
