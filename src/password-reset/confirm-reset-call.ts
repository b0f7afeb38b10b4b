import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { giveBackResetAttempt, takeResetAttempt } from "../store/queries/password-resets.ts";
import { findPhoneMessage, useApprovedUserCall } from "../store/queries/phone-messages.ts";
import type { PasswordReset } from "./load-password-reset.ts";
import { offeredMethods } from "./offered-methods.ts";
import { recordClaimedProof } from "./record-claimed-proof.ts";
import { codeOf, maxResetFailures } from "./reset-state.ts";

/**
 * "I answered and pressed #": the call the reset waits for (place-reset-call.ts) proves the
 * phone once the provider's signed callback recorded # on it (voice-call-routes.ts). The
 * reset's budget takes the attempt first, as for any answer; a call approved is spent with the
 * proof (useApprovedUserCall, in one transaction), and gives the attempt back. Anything else
 * is refused with the one answer a code gets: a call still ringing, denied, reported, not
 * answered or failed, no call at all (a number that is not the user's), a reset that names
 * nobody. So the answer never tells whether a call was placed.
 */
export async function confirmResetCall(ctx: Context, reset: PasswordReset): Promise<void> {
  if (!(await offeredMethods(ctx, reset)).includes("voice"))
    throw new VarcoError("method_not_offered");
  const { row, user } = reset;
  const now = ctx.now();
  if (!(await takeResetAttempt(ctx.store.db, { id: row.id, max: maxResetFailures, now })))
    throw new VarcoError("password_reset_expired");
  const waiting = codeOf(row);
  const messageId = waiting?.method === "voice" ? waiting.messageId : undefined;
  const call =
    messageId !== undefined && waiting !== undefined && waiting.expiresAt > now
      ? await findPhoneMessage(ctx.store.db, messageId)
      : undefined;
  const approved =
    user !== undefined &&
    call !== undefined &&
    call.user_id === user.id &&
    call.purpose === "passwordReset" &&
    call.status === "approved";
  if (
    approved &&
    (await recordClaimedProof(ctx, reset, "voice", now, (tx) =>
      useApprovedUserCall(tx, { id: call.id, userId: user.id, purpose: "passwordReset", now }),
    ))
  ) {
    await giveBackResetAttempt(ctx.store.db, row.id);
    return;
  }
  throw new VarcoError("reset_verification_failed");
}
