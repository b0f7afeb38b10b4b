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
  if (value > policy.lockoutThreshold) {
    await decrementCounter(db, counterKey(userId), now);
    return { allowed: false, lockedUntil: expiresAt };
  }
  return { allowed: true, attempt: value };
}

/** After an attempt that was checked yet guessed nothing (a replay): it does not count. */
export async function giveBackSecondFactorAttempt(
  db: Db,
  now: number,
  userId: string,
): Promise<void> {
  await decrementCounter(db, counterKey(userId), now);
}

/** After a wrong code: the last allowed attempt starts the lockout. Returns its end, if any. */
export async function recordSecondFactorFailure(
  db: Db,
  now: number,
  policy: TenantPolicy,
  userId: string,
  attempt: number,
): Promise<number | undefined> {
  if (attempt < policy.lockoutThreshold) return undefined;
  const until = now + policy.lockoutMinutes * 60_000;
  await setCounterExpiry(db, counterKey(userId), until);
  return until;
}

/** After a right code: the count starts again. */
export async function clearSecondFactorFailures(db: Db, userId: string): Promise<void> {
  await resetCounter(db, counterKey(userId));
}

/** When the user's lockout ends, or undefined when they are not locked out. */
export async function secondFactorLockedUntil(
  db: Db,
  now: number,
  policy: TenantPolicy,
  userId: string,
): Promise<number | undefined> {
  const counter = await readCounterWithExpiry(db, counterKey(userId), now);
  return counter && counter.value >= policy.lockoutThreshold ? counter.expiresAt : undefined;
}
