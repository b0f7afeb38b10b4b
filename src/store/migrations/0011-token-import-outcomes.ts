import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * What a hardware-token upload on the admin pages ended with, kept for an hour for the
 * administrator who ran it: in the database, so that the page and the error CSV open whichever
 * instance answers. The error CSV never holds a key: its key cells are left empty.
 */
export const tokenImportOutcomes: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("token_import_outcomes")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("owner_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("summary_json", "text", (c) => c.notNull())
      .addColumn("errors_csv", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("token_import_outcomes_created")
      .on("token_import_outcomes")
      .column("created_at")
      .execute();
  },
};
