import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { resetCounter } from "../store/queries/counters.ts";
import { clearMethodFailures, secondFactorCounterKey } from "../store/queries/lockouts.ts";
import { secondFactorLockedUntil } from "./second-factor-lockout.ts";

/**
 * Seed 001 "Blocco account", the administrator's side: ends a user's lockout at once and clears
 * the failed attempts of each method, so the user starts afresh. Only a locked-out user can be
 * unlocked: anything else is a mistake worth saying.
 */
export async function unlockUser(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  user: User,
): Promise<void> {
  const now = ctx.now();
  const lockedUntil = await secondFactorLockedUntil(ctx.store.db, now, tenant.policy, user.id);
  if (lockedUntil === undefined) {
    throw new VarcoError("invalid_request", `user '${user.upn}' is not locked out`);
  }
  await ctx.store.transaction(async (tx) => {
    await resetCounter(tx, secondFactorCounterKey(user.id));
    await clearMethodFailures(tx, user.id);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Unlock user",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn, lockedUntil },
      },
    );
  });
}
