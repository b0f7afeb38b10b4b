import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { findUserRisk, setPasswordChangeRequired, setUserRisk } from "../store/queries/risk.ts";
import { findUserById, updateBlocked } from "../store/queries/users.ts";

/**
 * An administrator's verdict on a risky user (Graph's riskyUsers confirmCompromised and
 * dismiss). Dismissing also lifts what the report did: a block that would end by itself, and a
 * password change still asked for.
 */
export async function resolveUserRisk(
  ctx: Context,
  actor: Actor,
  user: User,
  verdict: "confirmCompromised" | "dismiss",
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const before = await findUserRisk(tx, user.id);
    const confirmed = verdict === "confirmCompromised";
    await setUserRisk(tx, {
      user_id: user.id,
      tenant_id: user.tenantId,
      risk_level: confirmed ? "high" : "none",
      risk_state: confirmed ? "confirmedCompromised" : "dismissed",
      risk_detail: confirmed ? "adminConfirmedUserCompromised" : "adminDismissedAllRiskForUser",
      updated_at: now,
    });
    if (!confirmed) {
      const current = await findUserById(tx, user.id);
      if (current?.blocked && current.blockedUntil !== null) await updateBlocked(tx, user.id, null);
      await setPasswordChangeRequired(tx, user.id, null);
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: confirmed ? "Confirm user compromised" : "Dismiss user risk",
        targetType: "user",
        targetId: user.id,
        details: {
          upn: user.upn,
          before: before ? { riskLevel: before.risk_level, riskState: before.risk_state } : null,
        },
      },
    );
  });
}
