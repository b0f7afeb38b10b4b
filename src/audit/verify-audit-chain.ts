import type { Context } from "../context.ts";
import { constantTimeEqual } from "../crypto/constant-time.ts";
import { auditPage, readAuditChain } from "../store/queries/audit-log.ts";
import { expectedChainHash } from "./chain-hash.ts";
import { checkChainEnd, checkChainStart, type SealCheck } from "./chain-seal.ts";

export type AuditChainProblem = {
  readonly seq: number;
  readonly problem:
    | "missing" // no entry at this place: deleted
    | "altered" // the entry's fields or its link do not match its hash
    | "unknown_key" // hashed or sealed under a master key that is not in the ring
    | "unchained_after_chain" // an entry without a hash where the chain covers it
    | "end_mismatch" // the chain's recorded end is not its last entry
    | "end_forged" // the recorded end has no valid seal: entries cut off the end, or the chain rewritten
    | "start_forged" // where the chain begins has no valid seal: moved, or a pruning checkpoint forged
    | "unrecorded_prune"; // the chain's recorded start moved without a "Prune audit log" entry
};

export type AuditChainReport = {
  readonly entries: number;
  /** Entries written before the chain began (migration 0004), which no hash covers. */
  readonly beforeChain: number;
  /** How many entries each master key (by id) hashed: a retired key is needed while it has any. */
  readonly keys: Readonly<Record<string, number>>;
  readonly problems: readonly AuditChainProblem[];
};

const pageSize = 1000;
const maxProblems = 100;

/**
 * Walks the whole audit log in chain order and recomputes every link: an entry deleted, changed
 * or moved directly in the database is reported with its place. Entries written since are still
 * checked, so one broken link does not hide another. The chain's start and end are checked
 * against their seals under the master key, so that entries cut off either end, or every hash
 * removed, are reported too. What cannot be seen here: an earlier copy of the whole database (or
 * of its chain row with the entries written since removed) put back, which is a state that was
 * once true; keep exports elsewhere for that.
 */
export async function verifyAuditChain(ctx: Context): Promise<AuditChainReport> {
  const db = ctx.store.db;
  const problems: AuditChainProblem[] = [];
  const report = (seq: number, problem: AuditChainProblem["problem"]) => {
    if (problems.length < maxProblems) problems.push({ seq, problem });
  };
  const chain = await readAuditChain(db);
  const keys: Record<string, number> = {};
  let entries = 0;
  let beforeChain = 0;
  // Places up to the last one pruned are gone. The chain links on from the hash of the last
  // one when pruning reached the chain's start (a chain pruned before migration 0014 was pinned
  // at its first entry kept), else from nothing.
  let expectedSeq = chain.prunedThroughSeq + 1;
  let previousHash =
    chain.prunedThroughSeq + 1 >= chain.chainStartSeq
      ? chain.prunedLastHash
      : (null as string | null);
  // After a gap or an entry without a hash the next link cannot match: that is reported once.
  let linkBroken = false;
  let pruneRecorded = chain.prunedThroughSeq === 0;
  for (let page = await auditPage(db, 0, pageSize); page.length > 0; ) {
    for (const entry of page) {
      entries++;
      if (entry.action === "Prune audit log" && entry.hash !== null) {
        const details = JSON.parse(entry.details_json) as { throughSeq?: number; anchor?: unknown };
        pruneRecorded =
          details.throughSeq === chain.prunedThroughSeq && details.anchor === chain.prunedLastHash;
      }
      if (entry.seq > expectedSeq) linkBroken = true;
      for (; expectedSeq < entry.seq; expectedSeq++) report(expectedSeq, "missing");
      expectedSeq = entry.seq + 1;
      if (entry.seq < chain.chainStartSeq) {
        beforeChain++;
        continue;
      }
      if (entry.hash === null) {
        report(entry.seq, "unchained_after_chain");
        linkBroken = true;
        continue;
      }
      const linked = linkBroken || entry.prev_hash === previousHash;
      linkBroken = false;
      previousHash = entry.hash;
      const keyId = entry.hash.slice(0, entry.hash.indexOf("."));
      keys[keyId] = (keys[keyId] ?? 0) + 1;
      const expected = expectedChainHash(ctx.keyring, entry, entry.hash);
      if (expected === undefined) report(entry.seq, "unknown_key");
      else if (!linked || !constantTimeEqual(expected, entry.hash)) report(entry.seq, "altered");
    }
    page = await auditPage(db, expectedSeq - 1, pageSize);
  }
  for (; expectedSeq <= chain.lastSeq; expectedSeq++) report(expectedSeq, "missing");
  if (chain.lastSeq !== expectedSeq - 1 || chain.lastHash !== previousHash) {
    report(chain.lastSeq, "end_mismatch");
  }
  if (!pruneRecorded) report(chain.prunedThroughSeq, "unrecorded_prune");
  const startSeq = Math.max(chain.chainStartSeq, chain.prunedThroughSeq + 1);
  const startCheck = checkChainStart(ctx.keyring, chain, chain.startSeal);
  if (startCheck !== "sealed") report(startSeq, sealProblem(startCheck, "start_forged"));
  const endCheck = checkChainEnd(ctx.keyring, chain, chain.endSeal);
  if (endCheck !== "sealed") report(chain.lastSeq, sealProblem(endCheck, "end_forged"));
  return { entries, beforeChain, keys, problems };
}

function sealProblem(
  check: Exclude<SealCheck, "sealed">,
  forged: "start_forged" | "end_forged",
): AuditChainProblem["problem"] {
  return check === "unknown_key" ? "unknown_key" : forged;
}
