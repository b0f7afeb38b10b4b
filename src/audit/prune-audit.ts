import type { Actor, Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import {
  deleteAuditBefore,
  readAuditChain,
  setAuditChainStart,
} from "../store/queries/audit-log.ts";
import { checkChainStart, sealChainStart } from "./chain-seal.ts";
import { recordAudit } from "./record-audit.ts";

const day = 24 * 60 * 60_000;

/**
 * Removes audit entries older than `days`, oldest first, in one transaction with an entry that
 * says so: the chain then starts at the first entry kept, and its new start is sealed under the
 * master key (the pruning checkpoint that `varco audit verify` checks). Refuses, changing
 * nothing, when the start it would move is not sealed: pruning must not vouch for a start moved
 * in the database. Returns how many entries went.
 */
export async function pruneAudit(ctx: Context, actor: Actor, days: number): Promise<number> {
  const now = ctx.now();
  const before = now - days * day;
  return ctx.store.transaction(async (tx) => {
    const pruned = await deleteAuditBefore(tx, before);
    if (!pruned) return 0;
    // Read after the delete, which waits for a prune running at once on another instance.
    const chain = await readAuditChain(tx);
    if (checkChainStart(ctx.keyring, chain, chain.startSeal) !== "sealed") {
      throw new VarcoError(
        "audit_chain_broken",
        "the audit chain's start is not sealed by the master key: run varco audit verify",
      );
    }
    const start = {
      chainStartSeq: chain.chainStartSeq,
      prunedThroughSeq: pruned.throughSeq,
      prunedLastHash: pruned.lastHash,
    };
    await setAuditChainStart(tx, { ...start, seal: sealChainStart(ctx.keyring, start) });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: null,
        action: "Prune audit log",
        targetType: "auditLog",
        targetId: null,
        details: {
          olderThanDays: days,
          count: pruned.count,
          throughSeq: pruned.throughSeq,
          anchor: pruned.lastHash,
        },
      },
    );
    return pruned.count;
  });
}
