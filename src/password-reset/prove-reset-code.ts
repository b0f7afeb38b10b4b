import type { Context } from "../context.ts";
import { upnKey } from "../directory/upn.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { verifyEmailCode } from "../methods/email/verify-email-code.ts";
import { smsCodeMatches } from "../methods/phone/sms-code.ts";
import { verifyDecoySecondFactor } from "../sign-in/verify-decoy-second-factor.ts";
import { verifySecondFactor } from "../sign-in/verify-second-factor.ts";
import type { Db } from "../store/open-store.ts";
import { listActiveOathSecrets } from "../store/queries/methods.ts";
import {
  giveBackResetAttempt,
  recordResetProof,
  takeResetAttempt,
} from "../store/queries/password-resets.ts";
import type { PasswordReset } from "./load-password-reset.ts";
import { offeredMethods } from "./offered-methods.ts";
import { codeOf, maxResetFailures, type ResetProof } from "./reset-state.ts";
import { resetCodeSubject } from "./send-reset-code.ts";

/**
 * A code typed in a reset: the one sent by SMS (a keyed hash bound to this reset) or by e-mail
 * (kept and spent by the e-mail method, bound to this reset), or
 * one from the user's authenticator app or token. The reset's budget takes the attempt first
 * (5 wrong answers end it); a code from an app is checked as at sign-in, so it is single use and
 * counts towards the user's lockout (a locked-out user proves nothing here). A reset that names
 * nobody checks a code against nothing at the same cost, and fails. The proof is recorded with
 * a conditional write that also spends the code: two copies of one code prove once.
 */
export async function proveResetCode(
  ctx: Context,
  reset: PasswordReset,
  input: { readonly method: "email" | "sms" | "authenticatorApp"; readonly code: string },
): Promise<void> {
  if (!(await offeredMethods(ctx, reset)).includes(input.method))
    throw new VarcoError("method_not_offered");
  const { row, user, tenant } = reset;
  const now = ctx.now();
  const budget = { id: row.id, max: maxResetFailures, now };
  if (!(await takeResetAttempt(ctx.store.db, budget)))
    throw new VarcoError("password_reset_expired");
  let right = false;
  if (input.method === "authenticatorApp") {
    if (user) {
      const methods = await listActiveOathSecrets(ctx.store.db, user.id);
      const check = await verifySecondFactor(ctx, tenant.policy, user.id, methods, {
        kind: "code",
        code: input.code,
      });
      right = check.ok;
    } else {
      await verifyDecoySecondFactor(ctx, tenant.policy, tenant.id, upnKey(row.upn), {
        code: input.code,
      });
    }
  } else if (input.method === "email") {
    const waiting = codeOf(row);
    const claimed =
      waiting?.method === "email" &&
      (await verifyEmailCode(ctx, {
        purpose: "passwordReset",
        boundTo: resetCodeSubject(row.id),
        code: input.code,
      }));
    right = claimed && user !== undefined;
  } else {
    const waiting = codeOf(row);
    right =
      waiting !== undefined &&
      waiting.method === input.method &&
      waiting.expiresAt > now &&
      smsCodeMatches(ctx.keyring, waiting.hash, resetCodeSubject(row.id), input.code) &&
      user !== undefined;
  }
  if (right && (await recordProof(ctx, reset, input.method, now))) {
    await giveBackResetAttempt(ctx.store.db, row.id);
    return;
  }
  throw new VarcoError("reset_verification_failed");
}

/**
 * Adds `method` to what the reset proved, spending the code that waited: false if beaten to it.
 * `db` is a transaction when the proof is written with another claim (a passkey's, a call's).
 */
export async function recordProof(
  ctx: Context,
  reset: PasswordReset,
  method: ResetProof["method"],
  now: number,
  db: Db = ctx.store.db,
): Promise<boolean> {
  const proven: ResetProof[] = [...reset.proven, { method, at: now }];
  return recordResetProof(db, {
    id: reset.row.id,
    was: { provenJson: reset.row.proven_json, codeJson: reset.row.code_json },
    provenJson: JSON.stringify(proven),
  });
}
