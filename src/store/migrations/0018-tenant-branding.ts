import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * A tenant's branding (Entra's "Company branding"): an accent colour and a logo, shown on its
 * pages next to its display name. The logo is a checked PNG or JPEG, kept as base64 text so one
 * column type serves SQLite and PostgreSQL; its hash names the version browsers cache.
 */
export const tenantBranding: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("tenant_branding")
      .addColumn("tenant_id", "text", (c) => c.primaryKey().references("tenants.id"))
      .addColumn("accent_colour", "text")
      .addColumn("logo_type", "text")
      .addColumn("logo_base64", "text")
      .addColumn("logo_hash", "text")
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
};
