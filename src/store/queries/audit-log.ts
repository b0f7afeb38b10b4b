import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { AuditLogTable } from "../schema.ts";

// Columns named one by one: the prepared query's stand-in arguments cannot be enumerated.
const insertAuditRow = preparedQuery((db, row: AuditLogTable) =>
  db.insertInto("audit_log").values({
    id: row.id,
    tenant_id: row.tenant_id,
    time: row.time,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    details_json: row.details_json,
    correlation_id: row.correlation_id,
    ip: row.ip,
    seq: row.seq,
    prev_hash: row.prev_hash,
    hash: row.hash,
  }),
);

// The UPDATE takes the chain's row lock (PostgreSQL) inside the writer's transaction, so
// concurrent writers append one after another; on SQLite the transaction holds the write lock.
const takeNextSeq = preparedQuery((db, _args: Record<string, never>) =>
  db
    .updateTable("audit_chain")
    .set((eb) => ({ last_seq: eb("last_seq", "+", 1) }))
    .where("id", "=", 1)
    .returning(["last_seq", "last_hash", "end_seal"]),
);

const setChainEnd = preparedQuery((db, args: { hash: string; seal: string | null }) =>
  db
    .updateTable("audit_chain")
    .set({ last_hash: args.hash, end_seal: args.seal })
    .where("id", "=", 1),
);

/**
 * The next place in the chain, the hash of the entry before it and the seal of the end as it
 * was (for the entry before it).
 */
export async function nextAuditPlace(
  db: Db,
): Promise<{ seq: number; prevHash: string | null; endSeal: string | null }> {
  const row = (await takeNextSeq(db, {})).rows[0];
  if (!row) throw new Error("the audit chain has no end row (migration 0004 not applied)");
  return { seq: Number(row.last_seq), prevHash: row.last_hash, endSeal: row.end_seal };
}

/** Moves the chain's end to the entry just written, with its seal (null: not sealed). */
export async function setAuditChainEnd(db: Db, hash: string, seal: string | null): Promise<void> {
  await setChainEnd(db, { hash, seal });
}

/** The chain's one row: where it begins and ends, and the seals of both. */
export type AuditChainState = {
  readonly chainStartSeq: number;
  readonly prunedThroughSeq: number;
  readonly prunedLastHash: string | null;
  readonly startSeal: string | null;
  readonly lastSeq: number;
  readonly lastHash: string | null;
  readonly endSeal: string | null;
};

export async function readAuditChain(db: Db): Promise<AuditChainState> {
  const row = await db.selectFrom("audit_chain").selectAll().where("id", "=", 1).executeTakeFirst();
  return {
    chainStartSeq: Number(row?.chain_start_seq ?? 1),
    prunedThroughSeq: Number(row?.pruned_through_seq ?? 0),
    prunedLastHash: row?.pruned_last_hash ?? null,
    startSeal: row?.start_seal ?? null,
    lastSeq: Number(row?.last_seq ?? 0),
    lastHash: row?.last_hash ?? null,
    endSeal: row?.end_seal ?? null,
  };
}

/**
 * Removes the chain's oldest entries, those before the first written at or after `before`.
 * Returns the last place removed, its hash and how many went; the caller records the new start.
 */
export async function deleteAuditBefore(
  db: Db,
  before: number,
): Promise<{ throughSeq: number; lastHash: string | null; count: number } | undefined> {
  const firstKept = await db
    .selectFrom("audit_log")
    .select("seq")
    .where("time", ">=", before)
    .orderBy("seq")
    .limit(1)
    .executeTakeFirst();
  const last = await db
    .selectFrom("audit_log")
    .select(["seq", "hash"])
    .$if(firstKept !== undefined, (q) => q.where("seq", "<", Number(firstKept?.seq)))
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!last) return undefined;
  const throughSeq = Number(last.seq);
  const removed = await db
    .deleteFrom("audit_log")
    .where("seq", "<=", throughSeq)
    .executeTakeFirst();
  return { throughSeq, lastHash: last.hash, count: Number(removed.numDeletedRows) };
}

/** Records where the chain starts after pruning, with the start's new seal. */
export async function setAuditChainStart(
  db: Db,
  start: { prunedThroughSeq: number; prunedLastHash: string | null; seal: string },
): Promise<void> {
  await db
    .updateTable("audit_chain")
    .set({
      pruned_through_seq: start.prunedThroughSeq,
      pruned_last_hash: start.prunedLastHash,
      start_seal: start.seal,
    })
    .where("id", "=", 1)
    .execute();
}

/** Entries in chain order after `afterSeq`, `limit` at a time (for verify and export). */
export async function auditPage(
  db: Db,
  afterSeq: number,
  limit: number,
  tenantId?: string,
): Promise<AuditLogTable[]> {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("seq", ">", afterSeq)
    .$if(tenantId !== undefined, (q) => q.where("tenant_id", "=", tenantId as string))
    .orderBy("seq")
    .limit(limit)
    .execute();
}

export async function insertAudit(db: Db, row: AuditLogTable): Promise<void> {
  await insertAuditRow(db, row);
}

export async function listAudit(db: Db, tenantId: string, limit = 100): Promise<AuditLogTable[]> {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("time", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
