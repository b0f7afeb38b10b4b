import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { verifyPassword } from "../../crypto/password.ts";
import { setPassword } from "../../directory/set-password.ts";
import { upnKey } from "../../directory/upn.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { setPasswordChangeRequired, setUserRisk } from "../../store/queries/risk.ts";
import { findUserCredentials } from "../../store/queries/users.ts";
import { userActor } from "../user-actor.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * The new password the sign-in owes (docs/sign-in.md): asked by high risk with the tenant's
 * "require a password change", after a second factor proven now, or by an
 * administrator's reset (Graph's forceChangePasswordNextSignIn). The user chooses a new password,
 * not the old one; setPassword ends every session the old password may have given someone else
 * and clears the administrator's request. A change asked by high risk remediates the risk, as
 * Entra's secured password change does.
 */
export async function applyPasswordChange(
  ctx: Context,
  { pending, tenant, user, client }: Continuing,
  event: Extract<ContinuationEvent, { type: "passwordChange" }>,
): Promise<Applied> {
  const { facts } = pending;
  const refused: Applied = { facts, refusal: { reason: "invalid_new_password" } };
  const current = await findUserCredentials(ctx.store.db, tenant.id, upnKey(user.upn));
  const typed = event.newPassword.slice(0, 1024);
  if (current?.passwordHash && (await verifyPassword(current.passwordHash, typed))) return refused;
  let sessionsRevoked: number;
  try {
    ({ sessionsRevoked } = await setPassword(ctx, userActor(user, client), user, typed, {
      keepSignIn: pending.id,
    }));
  } catch (error) {
    if (isVarcoError(error, "invalid_password")) return refused;
    if (isVarcoError(error, "password_too_guessable")) {
      return { facts, refusal: { reason: "invalid_new_password", guessable: true } };
    }
    throw error;
  }
  const now = ctx.now();
  if (current?.user.passwordChangeRequiredAt != null) {
    await ctx.store.transaction(async (tx) => {
      await setPasswordChangeRequired(tx, user.id, null);
      await recordAudit(
        tx,
        { now, actor: userActor(user, client), keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Remediate user risk",
          targetType: "user",
          targetId: user.id,
          details: {
            upn: user.upn,
            riskDetail: "userPerformedSecuredPasswordChange",
            sessionsRevoked,
          },
        },
      );
      await setUserRisk(tx, {
        user_id: user.id,
        tenant_id: tenant.id,
        risk_level: "none",
        risk_state: "remediated",
        risk_detail: "userPerformedSecuredPasswordChange",
        updated_at: now,
      });
    });
  }
  return { facts: { ...facts, passwordChangedAt: now } };
}
