import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { deleteSignInsBefore } from "../store/queries/sign-in-log.ts";
import { listTenants } from "../store/queries/tenants.ts";

const day = 24 * 60 * 60_000;

/**
 * Removes sign-in log entries older than `days`, tenant by tenant (each along its index on
 * tenant and time), in one transaction with an audit entry that says how many went. Returns how
 * many entries went.
 */
export async function pruneSignInLog(ctx: Context, actor: Actor, days: number): Promise<number> {
  const now = ctx.now();
  const before = now - days * day;
  return ctx.store.transaction(async (tx) => {
    let count = 0;
    for (const tenant of await listTenants(tx))
      count += await deleteSignInsBefore(tx, tenant.id, before);
    if (count === 0) return 0;
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: null,
        action: "Prune sign-in log",
        targetType: "signInLog",
        targetId: null,
        details: { olderThanDays: days, count },
      },
    );
    return count;
  });
}
