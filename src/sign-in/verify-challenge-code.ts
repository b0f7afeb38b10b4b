import type { Context } from "../context.ts";
import {
  clearSecondFactorFailures,
  giveBackSecondFactorAttempt,
  recordSecondFactorFailure,
  takeSecondFactorAttempt,
} from "../lockout/second-factor-lockout.ts";
import { smsCodeMatches } from "../methods/phone/sms-code.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import {
  claimChallenge,
  findPhoneMessage,
  takeChallengeAttempt,
} from "../store/queries/phone-messages.ts";

/** Codes one validate challenge may be tried with before it is worth nothing. */
export const challengeAttempts = 5;

/**
 * The second call of the validate API's challenge mode: the code sent by SMS for the challenge
 * `transactionId`. As verifySecondFactor: the user's lockout counter takes the attempt first, a
 * locked-out user gets no check; then the challenge's own tries are
 * counted and the challenge read in one statement, the code compared in constant time, and the
 * challenge spent by one conditional write (invariant 1). A wrong code counts as every wrong
 * code does; the right code of a challenge already spent is refused as `code_reused` and gives
 * its attempt back, as verifySecondFactor does for the code last accepted.
 */
export async function verifyChallengeCode(
  ctx: Context,
  policy: TenantPolicy,
  userId: string,
  proof: { readonly transactionId: string; readonly code: string },
): Promise<
  | { ok: true }
  | { ok: false; reason: "invalid_code" | "code_reused" | "locked_out"; lockedUntil?: number }
> {
  const db = ctx.store.db;
  const now = ctx.now();
  const ticket = await takeSecondFactorAttempt(db, now, policy, userId);
  if (!ticket.allowed) return { ok: false, reason: "locked_out", lockedUntil: ticket.lockedUntil };
  const challenge = await takeChallengeAttempt(db, {
    id: proof.transactionId,
    userId,
    now,
    maxAttempts: challengeAttempts,
  });
  const boundTo = `validate:${proof.transactionId}`;
  const matches = (codeHash: string) => smsCodeMatches(ctx.keyring, codeHash, boundTo, proof.code);
  if (challenge && matches(challenge.codeHash)) {
    if (await claimChallenge(db, proof.transactionId, now)) {
      await clearSecondFactorFailures(db, userId);
      return { ok: true };
    }
  }
  // The right code of a challenge spent a moment ago (a VPN retrying): refused, but no guess.
  const spent = await findPhoneMessage(db, proof.transactionId);
  if (
    spent?.user_id === userId &&
    spent.status === "used" &&
    spent.code_hash &&
    matches(spent.code_hash)
  ) {
    await giveBackSecondFactorAttempt(db, now, userId);
    return { ok: false, reason: "code_reused" };
  }
  const lockedUntil = await recordSecondFactorFailure(db, now, policy, userId, ticket.attempt);
  return lockedUntil === undefined
    ? { ok: false, reason: "invalid_code" }
    : { ok: false, reason: "invalid_code", lockedUntil };
}
