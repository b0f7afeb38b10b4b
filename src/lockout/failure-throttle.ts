import type { Db } from "../store/open-store.ts";
import { decrementCounter, incrementCounter, resetCounter } from "../store/queries/counters.ts";

/** Failures are counted over a fixed window of 15 minutes, then start again from nothing. */
export const failureWindowMs = 15 * 60_000;

/** One count of attempts, and how many the window allows. */
export type ThrottleCount = { readonly key: string; readonly limit: number };

/**
 * Counts an attempt on every count before the secret is checked (DESIGN invariant 2): of any
 * number of guesses sent at once, no more than the limit are checked; the rest are refused
 * unchecked. Returns when attempts may start again if this one is refused. The password
 * throttle (src/sign-in/password-throttle.ts) and the token endpoint's client authentication
 * (src/api-clients/client-auth-throttle.ts) both count this way.
 */
export async function takeAttempt(
  db: Db,
  now: number,
  counts: readonly ThrottleCount[],
): Promise<{ retryAt: number | undefined }> {
  let retryAt: number | undefined;
  for (const count of counts) {
    const counted = await incrementCounter(db, count.key, failureWindowMs, now);
    if (counted.value > count.limit && retryAt === undefined) retryAt = counted.expiresAt;
  }
  return { retryAt };
}

/**
 * After a right secret: the identity's count starts afresh, and the address (shared by many
 * identities) gets back the attempt this one took, so only failures use up its limit.
 */
export async function attemptSucceeded(
  db: Db,
  now: number,
  counts: { readonly identity: string; readonly address: string | undefined },
): Promise<void> {
  await resetCounter(db, counts.identity);
  if (counts.address) await decrementCounter(db, counts.address, now);
}
