import { createSecretKey } from "node:crypto";
import type { Context } from "../context.ts";
import { randomBytes } from "../crypto/random.ts";
import {
  recordSecondFactorFailure,
  returnAttempt,
  takeSecondFactorAttempt,
  ticketOf,
} from "../lockout/second-factor-lockout.ts";
import { verifyTotp } from "../otp/verify-totp.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import { rewriteCounter } from "../store/queries/counters.ts";
import { secondFactorCounterKey } from "../store/queries/lockouts.ts";
import type { WriteBatch } from "../store/write-batch.ts";

// The key a decoy's code is checked against: nobody's, and never stored.
const decoyKey = createSecretKey(randomBytes(20));

/**
 * The lockout subject of a UPN that gets no real check. User ids are UUIDs, so it is never a
 * user's: the list of locked-out users never shows it, and no user's count is touched.
 */
export const decoySubject = (tenantId: string, upnKey: string) => `decoy:${tenantId}:${upnKey}`;

/**
 * What a wrong code costs a user with an app in verifySecondFactor, spent for a UPN that gets no
 * real check (unknown, blocked, or without an active method), so that the time of the answer
 * tells no account apart (no oracle: an unknown UPN once answered in 55% of a real
 * user's time on PostgreSQL). The same round trips and writes in the same order: a lockout
 * counter takes the attempt, the code is checked against a key that is nobody's, a failure count
 * is written, the last allowed attempt starts a lockout. The counter is the UPN's own, so a UPN
 * tried again and again is locked out (and answers faster) when a user would be; like every
 * counter it expires and is swept, so the table holds at most the UPNs tried within one lockout
 * window. Answers nothing: the caller logs the real reason and rejects.
 *
 * `taken` and `later` are verifySecondFactor's: the attempt counted with the read, and the batch
 * the writes join. In a batch the last allowed attempt's lockout stands in for the failure count,
 * as two writes of one batch must not touch the same row.
 */
export async function verifyDecoySecondFactor(
  ctx: Context,
  policy: TenantPolicy,
  tenantId: string,
  upnKey: string,
  proof: { readonly code: string; readonly methodId?: string | undefined },
  {
    taken,
    later,
  }: {
    taken?: { readonly count: number; readonly expiresAt: number };
    later?: WriteBatch;
  } = {},
): Promise<void> {
  const db = ctx.store.db;
  const now = ctx.now();
  const subject = decoySubject(tenantId, upnKey);
  const giveBackTaken = () =>
    taken ? returnAttempt(db, now, secondFactorCounterKey(subject), later) : undefined;
  // A user refuses a method they do not have before anything is counted; a decoy has none.
  if (proof.methodId !== undefined) {
    await giveBackTaken();
    return;
  }
  const ticket = taken
    ? ticketOf(policy, taken)
    : await takeSecondFactorAttempt(db, now, policy, subject);
  if (!ticket.allowed) {
    await giveBackTaken();
    return;
  }
  verifyTotp(decoyKey, proof.code, {
    timeMs: now,
    period: 30,
    algorithm: "SHA1",
    digits: 6,
    window: policy.totpWindow,
  });
  // Stands in for the method's count of failed attempts, which a decoy does not have.
  const last = ticket.attempt >= policy.lockoutThreshold;
  if (!later || !last) await rewriteCounter(db, secondFactorCounterKey(subject), later);
  await recordSecondFactorFailure(db, now, policy, subject, ticket.attempt, later);
}
