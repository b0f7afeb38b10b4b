import type { Db } from "../store/open-store.ts";
import {
  incrementCounters,
  resetAndDecrementCounters,
  resetCounter,
} from "../store/queries/counters.ts";

/** Failures are counted over a fixed window of 15 minutes, then start again from nothing. */
export const failureWindowMs = 15 * 60_000;

/** One count of attempts, and how many the window allows. */
export type ThrottleCount = { readonly key: string; readonly limit: number };

/**
 * Counts an attempt on every count before the secret is checked (counters are atomic and taken first): of any
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
  // Every count takes the attempt, refused or not, in one statement.
  const counted = await incrementCounters(
    db,
    counts.map((count) => count.key),
    failureWindowMs,
    now,
  );
  const refused = counts.findIndex((count, index) => (counted[index]?.value ?? 0) > count.limit);
  return { retryAt: refused < 0 ? undefined : counted[refused]?.expiresAt };
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
  if (counts.address) await resetAndDecrementCounters(db, counts.identity, counts.address, now);
  else await resetCounter(db, counts.identity);
}
