import type { Context } from "../context.ts";
import { constantTimeEqual } from "../crypto/constant-time.ts";
import { auditPage, readAuditChainEnds } from "../store/queries/audit-log.ts";
import { expectedChainHash } from "./chain-hash.ts";

export type AuditChainProblem = {
  readonly seq: number;
  readonly problem:
    | "missing" // no entry at this place: deleted
    | "altered" // the entry's fields or its link do not match its hash
    | "unknown_key" // hashed under a master key that is not in the ring
    | "unchained_after_chain" // an entry without a hash after the chain began
    | "end_mismatch" // the chain's recorded end is not its last entry
    | "unrecorded_prune"; // the chain's recorded start moved without a "Prune audit log" entry
};

export type AuditChainReport = {
  readonly entries: number;
  /** Entries written before the chain began (migration 0004), which no hash covers. */
  readonly beforeChain: number;
  readonly problems: readonly AuditChainProblem[];
};

const pageSize = 1000;
const maxProblems = 100;

/**
 * Walks the whole audit log in chain order and recomputes every link: an entry deleted, changed
 * or moved directly in the database is reported with its place. Entries written since are still
 * checked, so one broken link does not hide another. (Cutting off the newest entries and the
 * chain's end together is not visible here: keep exports elsewhere for that.)
 */
export async function verifyAuditChain(ctx: Context): Promise<AuditChainReport> {
  const db = ctx.store.db;
  const problems: AuditChainProblem[] = [];
  const report = (seq: number, problem: AuditChainProblem["problem"]) => {
    if (problems.length < maxProblems) problems.push({ seq, problem });
  };
  const ends = await readAuditChainEnds(db);
  let entries = 0;
  let beforeChain = 0;
  // After pruning, the chain starts after the last entry removed, linked to its hash.
  let expectedSeq = ends.prunedThroughSeq + 1;
  let previousHash: string | null = ends.prunedLastHash;
  let chainBegun = previousHash !== null;
  let pruneRecorded = ends.prunedThroughSeq === 0;
  for (let page = await auditPage(db, 0, pageSize); page.length > 0; ) {
    for (const entry of page) {
      entries++;
      if (entry.action === "Prune audit log" && entry.hash !== null) {
        const details = JSON.parse(entry.details_json) as { throughSeq?: number; anchor?: unknown };
        pruneRecorded =
          details.throughSeq === ends.prunedThroughSeq && details.anchor === ends.prunedLastHash;
      }
      // After a gap the link cannot match: the gap is the problem, reported once.
      const afterGap = entry.seq > expectedSeq;
      for (; expectedSeq < entry.seq; expectedSeq++) report(expectedSeq, "missing");
      expectedSeq = entry.seq + 1;
      if (entry.hash === null) {
        if (chainBegun) report(entry.seq, "unchained_after_chain");
        else beforeChain++;
        continue;
      }
      const linked = !chainBegun || afterGap || entry.prev_hash === previousHash;
      chainBegun = true;
      previousHash = entry.hash;
      const expected = expectedChainHash(ctx.keyring, entry, entry.hash);
      if (expected === undefined) report(entry.seq, "unknown_key");
      else if (!linked || !constantTimeEqual(expected, entry.hash)) report(entry.seq, "altered");
    }
    page = await auditPage(db, expectedSeq - 1, pageSize);
  }
  for (; expectedSeq <= ends.lastSeq; expectedSeq++) report(expectedSeq, "missing");
  if (ends.lastSeq !== expectedSeq - 1 || ends.lastHash !== previousHash) {
    report(ends.lastSeq, "end_mismatch");
  }
  if (!pruneRecorded) report(ends.prunedThroughSeq, "unrecorded_prune");
  return { entries, beforeChain, problems };
}
