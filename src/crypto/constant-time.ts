import { createHmac, createSecretKey, timingSafeEqual } from "node:crypto";
import { randomBytes } from "./random.ts";

// Per-process key: digests of both inputs always have the same length, so the comparison takes
// the same time whatever the inputs' lengths, and an attacker cannot precompute the digests.
const comparisonKey = createSecretKey(randomBytes(32));

function digest(value: string | Uint8Array): Buffer {
  return createHmac("sha256", comparisonKey).update(value).digest();
}

/**
 * Compares two secrets without leaking, through timing, where they differ or whether their
 * lengths differ. Strings are compared as UTF-8.
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
