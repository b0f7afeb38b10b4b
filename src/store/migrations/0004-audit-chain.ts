import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * The audit log as a hash chain: every entry has a place (`seq`) and a keyed hash over its
 * fields and the previous entry's hash; `audit_chain` holds the end of the chain, and its row is
 * what concurrent writers queue on. Entries written before this migration get a place but no
 * hash: `varco audit verify` counts them as written before the chain began.
 */
export const auditChain: Migration = {
  async up(db: Db) {
    await db.schema.alterTable("audit_log").addColumn("seq", "bigint").execute();
    await db.schema.alterTable("audit_log").addColumn("prev_hash", "text").execute();
    await db.schema.alterTable("audit_log").addColumn("hash", "text").execute();
    const earlier = await db
      .selectFrom("audit_log")
      .select("id")
      .orderBy("time")
      .orderBy("id")
      .execute();
    for (const [index, row] of earlier.entries()) {
      await db
        .updateTable("audit_log")
        .set({ seq: index + 1 })
        .where("id", "=", row.id)
        .execute();
    }
    await db.schema.createIndex("audit_log_seq").unique().on("audit_log").column("seq").execute();
    await db.schema
      .createTable("audit_chain")
      .addColumn("id", "integer", (c) => c.primaryKey())
      .addColumn("last_seq", "bigint", (c) => c.notNull())
      .addColumn("last_hash", "text")
      .execute();
    await db
      .insertInto("audit_chain")
      .values({ id: 1, last_seq: earlier.length, last_hash: null })
      .execute();
  },
};
