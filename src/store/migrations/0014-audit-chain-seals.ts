import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";
import { sealChainEnd, sealChainStart } from "../../audit/chain-seal.ts";
import type { Keyring } from "../../crypto/keyring.ts";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Pins where the audit chain begins (`chain_start_seq`: entries before it were written before
 * migration 0004 and carry no hash) and seals the chain's start and end under the master key, so
 * that hashes set to NULL, entries dropped from either end, or a start moved are reported by
 * `varco audit verify`. An existing chain is sealed as it stands here, once: this is the moment
 * it is trusted. Without `keyring` (tools that never write the audit log) nothing is sealed and
 * verify reports both seals as forged.
 */
export function auditChainSeals(keyring: Keyring | undefined): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .alterTable("audit_chain")
        .addColumn("chain_start_seq", "bigint", (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable("audit_chain").addColumn("start_seal", "text").execute();
      await db.schema.alterTable("audit_chain").addColumn("end_seal", "text").execute();
      const row = await db
        .selectFrom("audit_chain")
        .selectAll()
        .where("id", "=", 1)
        .executeTakeFirst();
      if (!row) return;
      const firstHashed = await db
        .selectFrom("audit_log")
        .select("seq")
        .where("hash", "is not", null)
        .orderBy("seq")
        .limit(1)
        .executeTakeFirst();
      const start = {
        // No entry hashed yet: the next one written begins the chain.
        chainStartSeq: Number(firstHashed?.seq ?? Number(row.last_seq) + 1),
        prunedThroughSeq: Number(row.pruned_through_seq),
        prunedLastHash: row.pruned_last_hash as string | null,
      };
      const end = { lastSeq: Number(row.last_seq), lastHash: row.last_hash as string | null };
      await db
        .updateTable("audit_chain")
        .set({
          chain_start_seq: start.chainStartSeq,
          start_seal: keyring ? sealChainStart(keyring, start) : null,
          end_seal: keyring ? sealChainEnd(keyring, end) : null,
        })
        .where("id", "=", 1)
        .execute();
    },
  };
}
