import type { Context } from "../context.ts";
import { verifyPassword } from "../crypto/password.ts";
import { setPassword } from "../directory/set-password.ts";
import { upnKey } from "../directory/upn.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { finishPendingSignIn } from "../store/queries/pending-sign-ins.ts";
import { setPasswordChangeRequired, setUserRisk } from "../store/queries/risk.ts";
import { findUserCredentials } from "../store/queries/users.ts";
import { finishSignIn } from "./finish-sign-in.ts";
import { loadPendingSignIn } from "./pending-sign-in.ts";
import type { ClientInfo, SignInStep } from "./types.ts";
import { userActor } from "./user-actor.ts";

/**
 * High risk with the tenant's "require a password change" (seed 001): after the second factor,
 * and before any session, the user chooses a new password, not the old one. That remediates
 * the risk, as Entra's secured password change does.
 */
export async function completePasswordChange(
  ctx: Context,
  input: { pendingToken: string | undefined; newPassword: string; client: ClientInfo },
): Promise<SignInStep> {
  const loaded = await loadPendingSignIn(ctx, input.pendingToken);
  if (loaded?.pending.stage !== "password") return { kind: "expired" };
  const { pending, user, tenant } = loaded;
  const db = ctx.store.db;
  const current = await findUserCredentials(db, tenant.id, upnKey(user.upn));
  if (
    current?.passwordHash &&
    (await verifyPassword(current.passwordHash, input.newPassword.slice(0, 1024)))
  ) {
    throw new VarcoError("invalid_password", "choose a password other than the one you have now");
  }
  await setPassword(ctx, userActor(user, input.client), user, input.newPassword);
  const now = ctx.now();
  if (!(await finishPendingSignIn(db, pending.id, now))) return { kind: "expired" };
  await ctx.store.transaction(async (tx) => {
    await setPasswordChangeRequired(tx, user.id, null);
    await setUserRisk(tx, {
      user_id: user.id,
      tenant_id: tenant.id,
      risk_level: "none",
      risk_state: "remediated",
      risk_detail: "userPerformedSecuredPasswordChange",
      updated_at: now,
    });
  });
  return finishSignIn(ctx, { tenant, user, mfa: "code", client: input.client });
}
