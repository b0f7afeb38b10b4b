import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Whether a tenant takes its passwords from a directory, on the tenant's own row: every password
 * sign-in reads the tenant anyway, so a tenant without a directory costs no further query. Kept
 * in step with `directory_sources` by the two queries that write it, in their transaction.
 */
export const tenantDirectoryFlag: Migration = {
  async up(db: Db) {
    await db.schema
      .alterTable("tenants")
      .addColumn("has_directory", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db
      .updateTable("tenants")
      .set({ has_directory: 1 })
      .where("id", "in", db.selectFrom("directory_sources").select("tenant_id"))
      .execute();
  },
};
