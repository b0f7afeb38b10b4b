import { createHmac } from "node:crypto";
import type { Keyring, MasterKey } from "./keyring.ts";

function hashWith(masterKey: MasterKey, value: string): string {
  const mac = createHmac("sha256", masterKey.hashKey).update(value, "utf8").digest("base64url");
  // The key id prefix tells which key to use again when the value is presented.
  return `${masterKey.id}.${mac}`;
}

/**
 * The stored form of a high-entropy secret (API key, backup code, token) that must be found by
 * its value: `<keyId>.<HMAC-SHA256 b64url>`, deterministic so it can be indexed, yet useless
 * without the master key. Not for passwords: low-entropy values need password.ts.
 */
export function keyedHash(keyring: Keyring, value: string): string {
  return hashWith(keyring.current, value);
}

/**
 * The keyed hash of `value` under every key in the ring, current first, for a
 * `WHERE hash IN (...)` lookup that still finds values stored before a key rotation.
 */
export function keyedHashCandidates(keyring: Keyring, value: string): string[] {
  return keyring.all.map((masterKey) => hashWith(masterKey, value));
}

/**
 * The keyed hash of `value` under the key that `stored` (a keyed hash) names, to check it; undefined
 * when that key is not in the ring.
 */
export function keyedHashWith(keyring: Keyring, stored: string, value: string): string | undefined {
  const masterKey = keyring.byId(stored.slice(0, stored.indexOf(".")));
  return masterKey && hashWith(masterKey, value);
}
