import { randomBytes as nodeRandomBytes } from "node:crypto";

/** Cryptographically secure random bytes (the one source of randomness for secrets). */
export function randomBytes(size: number): Buffer {
  return nodeRandomBytes(size);
}

/**
 * A random token as base64url without padding, safe in URLs, cookies and headers.
 * 32 bytes (256 bits) by default: far beyond guessing, fit for lookup by keyed hash.
 */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
