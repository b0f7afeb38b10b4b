import type { Actor, Context } from "../context.ts";
import { pruneAuditBefore } from "../store/queries/audit-log.ts";
import { recordAudit } from "./record-audit.ts";

const day = 24 * 60 * 60_000;

/**
 * Removes audit entries older than `days`, oldest first, in one transaction with an entry that
 * says so: the chain then starts at the first entry kept, and `varco audit verify` checks that
 * its new start is the one this entry recorded. Returns how many entries went.
 */
export async function pruneAudit(ctx: Context, actor: Actor, days: number): Promise<number> {
  const now = ctx.now();
  const before = now - days * day;
  return ctx.store.transaction(async (tx) => {
    const pruned = await pruneAuditBefore(tx, before);
    if (!pruned) return 0;
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
