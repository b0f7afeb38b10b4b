import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Where the audit chain starts after older entries were pruned: the last place removed and its
 * hash, which the first entry kept links to.
 */
export const auditPruning: Migration = {
  async up(db: Db) {
    await db.schema
      .alterTable("audit_chain")
      .addColumn("pruned_through_seq", "bigint", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable("audit_chain").addColumn("pruned_last_hash", "text").execute();
  },
};
