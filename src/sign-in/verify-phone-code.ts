import type { Context } from "../context.ts";
import {
  clearSecondFactorFailures,
  recordSecondFactorFailure,
  takeSecondFactorAttempt,
} from "../lockout/second-factor-lockout.ts";
import { smsCodeMatches } from "../methods/phone/sms-code.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import type { PhoneCodeFact } from "./machine/facts.ts";

export type PhoneCodeCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: "invalid_code" | "locked_out";
      /** Set when the user is locked out now (this failure may have started it). */
      readonly lockedUntil?: number | undefined;
    };

/**
 * A code sent by SMS in this sign-in, checked as every code is: the user's lockout counter takes
 * the attempt first (a locked-out user gets no check), then the code is compared with the keyed
 * hash the sign-in holds; an expired code, or none sent, fails like a wrong one. Single use
 * (invariant 1) is the sign-in's own: the facts that accept the code drop it, written over the
 * pending sign-in's version, so of two requests with the code only one moves the sign-in on.
 */
export async function verifyPhoneCode(
  ctx: Context,
  policy: TenantPolicy,
  input: {
    readonly userId: string;
    readonly pendingSignInId: string;
    readonly sent: PhoneCodeFact | null | undefined;
    readonly code: string;
  },
): Promise<PhoneCodeCheck> {
  const db = ctx.store.db;
  const now = ctx.now();
  const ticket = await takeSecondFactorAttempt(db, now, policy, input.userId);
  if (!ticket.allowed) return { ok: false, reason: "locked_out", lockedUntil: ticket.lockedUntil };
  const { sent } = input;
  const matches =
    sent !== null &&
    sent !== undefined &&
    sent.expiresAt > now &&
    smsCodeMatches(ctx.keyring, sent.hash, `sign-in:${input.pendingSignInId}`, input.code);
  if (matches) {
    await clearSecondFactorFailures(db, input.userId);
    return { ok: true };
  }
  const lockedUntil = await recordSecondFactorFailure(
    db,
    now,
    policy,
    input.userId,
    ticket.attempt,
  );
  return { ok: false, reason: "invalid_code", lockedUntil };
}
