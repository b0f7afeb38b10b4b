import { createSecretKey, type KeyObject } from "node:crypto";
import type { Keyring } from "../../crypto/keyring.ts";
import { openSealed } from "../../crypto/seal.ts";
import { oathSealContext } from "./seal-context.ts";

// Opened seeds by their sealed text. A changed or removed method has a different sealed text (or
// none), so an entry can never be stale; the bound keeps memory flat. Seeds in memory add no
// exposure: the master key that opens them all is in memory already.
const opened = new Map<string, KeyObject>();
const maxEntries = 10_000;

/**
 * The seed of an OATH method, opened once per process rather than on every code check, as a
 * KeyObject: the form node:crypto takes fastest for an HMAC key used again and again.
 */
export function openSeed(keyring: Keyring, methodId: string, sealed: string): KeyObject {
  const cacheKey = `${methodId}\u0000${sealed}`;
  let seed = opened.get(cacheKey);
  if (!seed) {
    const bytes = openSealed(keyring, sealed, oathSealContext(methodId));
    seed = createSecretKey(bytes);
    bytes.fill(0);
    if (opened.size >= maxEntries) opened.clear();
    opened.set(cacheKey, seed);
  }
  return seed;
}
