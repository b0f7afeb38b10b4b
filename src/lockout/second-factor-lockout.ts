import type { TenantPolicy } from "../policy/tenant-policy.ts";
import type { Db } from "../store/open-store.ts";
import {
  decrementCounter,
  incrementCounter,
  readCounterWithExpiry,
  resetCounter,
  setCounterExpiry,
} from "../store/queries/counters.ts";
import { secondFactorCounterKey } from "../store/queries/lockouts.ts";
import type { WriteBatch } from "../store/write-batch.ts";

/**
 * Seed 001 "Blocco account": after `lockoutThreshold` wrong second factors within
 * `lockoutResetMinutes`, no code is checked for `lockoutMinutes`.
 *
 * One counter per user holds it all. An attempt is counted *before* the code is checked
 * (invariant 2), so of any number of concurrent guesses exactly `threshold` are checked: the
 * rest see a count above it and are refused unchecked. When the last allowed attempt fails, the
 * counter's expiry moves to the end of the lockout; when it expires the user starts afresh.
 *
 * What the counter holds at rest is the wrong codes checked: an attempt refused unchecked gives
 * its place back at once, and so does an exact replay of the code just accepted (a client
 * retrying), which is no guess. Only attempts still being checked add to it for a
 * moment, which keeps the concurrent count exact.
 */
export type AttemptTicket =
  | { readonly allowed: true; readonly attempt: number }
  | { readonly allowed: false; readonly lockedUntil: number };

const counterKey = secondFactorCounterKey;

export async function takeSecondFactorAttempt(
  db: Db,
  now: number,
  policy: TenantPolicy,
  userId: string,
): Promise<AttemptTicket> {
  const { value, expiresAt } = await incrementCounter(
    db,
    counterKey(userId),
    policy.lockoutResetMinutes * 60_000,
    now,
  );
  const ticket = ticketOf(policy, { count: value, expiresAt });
  if (!ticket.allowed) await decrementCounter(db, counterKey(userId), now);
  return ticket;
}

/**
 * The ticket of an attempt already counted with the read that found the user (a validate call,
 * see takeValidateAttempt): one refused must give its place back, `returnAttempt`.
 */
export function ticketOf(
  policy: TenantPolicy,
  taken: { readonly count: number; readonly expiresAt: number },
): AttemptTicket {
  return taken.count > policy.lockoutThreshold
    ? { allowed: false, lockedUntil: taken.expiresAt }
    : { allowed: true, attempt: taken.count };
}

/** Gives back an attempt counted with `ticketOf` that is not checked, locked out or not. */
export async function returnAttempt(
  db: Db,
  now: number,
  counter: string,
  later?: WriteBatch,
): Promise<void> {
  await decrementCounter(db, counter, now, later);
}

/** After an attempt that was checked yet guessed nothing (a replay): it does not count. */
export async function giveBackSecondFactorAttempt(
  db: Db,
  now: number,
  userId: string,
  later?: WriteBatch,
): Promise<void> {
  await decrementCounter(db, counterKey(userId), now, later);
}

/** After a wrong code: the last allowed attempt starts the lockout. Returns its end, if any. */
export async function recordSecondFactorFailure(
  db: Db,
  now: number,
  policy: TenantPolicy,
  userId: string,
  attempt: number,
  later?: WriteBatch,
): Promise<number | undefined> {
  if (attempt < policy.lockoutThreshold) return undefined;
  const until = now + policy.lockoutMinutes * 60_000;
  await setCounterExpiry(db, counterKey(userId), until, later);
  return until;
}

/** After a right code: the count starts again. */
export async function clearSecondFactorFailures(
  db: Db,
  userId: string,
  later?: WriteBatch,
): Promise<void> {
  await resetCounter(db, counterKey(userId), later);
}

/** When the user's lockout ends, or undefined when they are not locked out. */
export async function secondFactorLockedUntil(
  db: Db,
  now: number,
  policy: TenantPolicy,
  userId: string,
): Promise<number | undefined> {
  return lockedUntilOf(policy, await readCounterWithExpiry(db, counterKey(userId), now));
}

/** When a lockout ends, from the user's live failure counter as read (undefined: not locked out). */
export function lockedUntilOf(
  policy: TenantPolicy,
  counter: { readonly value: number; readonly expiresAt: number } | undefined,
): number | undefined {
  return counter && counter.value >= policy.lockoutThreshold ? counter.expiresAt : undefined;
}
