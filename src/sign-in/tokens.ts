import { keyedHash, keyedHashCandidates } from "../crypto/keyed-hash.ts";
import type { Keyring } from "../crypto/keyring.ts";
import { randomToken } from "../crypto/random.ts";

export type TokenPurpose = "session" | "pending-sign-in" | "remembered-device" | "password-reset";

/** A new cookie token and its stored form: only the keyed hash is kept (invariant 3). */
export function issueToken(
  keyring: Keyring,
  purpose: TokenPurpose,
): { token: string; hash: string } {
  const token = randomToken(32);
  return { token, hash: keyedHash(keyring, `${purpose}:${token}`) };
}

/** The stored forms a presented token may have (one per master key during a rotation). */
export function tokenHashes(keyring: Keyring, purpose: TokenPurpose, token: string): string[] {
  return token.length > 0 && token.length <= 100
    ? keyedHashCandidates(keyring, `${purpose}:${token}`)
    : [];
}
