import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { verifyPassword } from "../../crypto/password.ts";
import { setPassword } from "../../directory/set-password.ts";
import { upnKey } from "../../directory/upn.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { setPasswordChangeRequired, setUserRisk } from "../../store/queries/risk.ts";
import { revokeSessions } from "../../store/queries/sessions.ts";
import { findUserCredentials } from "../../store/queries/users.ts";
import { userActor } from "../user-actor.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * High risk with the tenant's "require a password change" (seed 001): after a second factor
 * proven now, the user chooses a new password, not the old one. That remediates the risk, as
 * Entra's secured password change does, and ends every session the old password may have given
 * someone else.
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
  try {
    await setPassword(ctx, userActor(user, client), user, typed);
  } catch (error) {
    if (isVarcoError(error, "invalid_password")) return refused;
    if (isVarcoError(error, "password_too_guessable")) {
      return { facts, refusal: { reason: "invalid_new_password", guessable: true } };
    }
    throw error;
  }
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await setPasswordChangeRequired(tx, user.id, null);
    const sessionsRevoked = await revokeSessions(tx, user.id, now);
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
  return { facts: { ...facts, passwordChangedAt: now } };
}
