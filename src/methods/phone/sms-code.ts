import { randomInt } from "node:crypto";
import { constantTimeEqual } from "../../crypto/constant-time.ts";
import { keyedHash, keyedHashWith } from "../../crypto/keyed-hash.ts";
import type { Keyring } from "../../crypto/keyring.ts";

/** A one-time code of `digits` decimal digits, each drawn uniformly (no modulo bias). */
export function newSmsCode(digits: number): string {
  let code = "";
  for (let i = 0; i < digits; i++) code += String(randomInt(10));
  return code;
}

/**
 * What is kept of a code: its keyed hash, bound to what asked for it (a pending sign-in, a
 * validate challenge), so a code is worth nothing anywhere else and a database dump reveals none.
 */
export function smsCodeHash(keyring: Keyring, boundTo: string, code: string): string {
  return keyedHash(keyring, `sms-code\u0000${boundTo}\u0000${code}`);
}

/** Whether `code` is the one `stored` was made from, compared in constant time. */
export function smsCodeMatches(
  keyring: Keyring,
  stored: string,
  boundTo: string,
  code: string,
): boolean {
  const candidate = keyedHashWith(keyring, stored, `sms-code\u0000${boundTo}\u0000${code.trim()}`);
  return candidate !== undefined && constantTimeEqual(candidate, stored);
}
