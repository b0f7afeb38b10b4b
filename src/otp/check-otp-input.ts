import { KeyObject } from "node:crypto";
import { VarcoError } from "../errors/varco-error.ts";
import { quoteValue } from "./quote-value.ts";

// Checks shared by generate and verify. They throw: a bad key or counter is a bug or corrupt
// data on our side, never something the person typing a code did wrong.

/**
 * An OATH seed: bytes, or a secret KeyObject made from them. A KeyObject is the fast form for a
 * seed used again and again: node:crypto checks a byte key on every HMAC.
 */
export type OtpKey = Uint8Array | KeyObject;

export function checkKey(key: OtpKey): void {
  const size = key instanceof KeyObject ? (key.symmetricKeySize ?? 0) : key?.length;
  if (!(key instanceof Uint8Array || key instanceof KeyObject) || !size) {
    throw new VarcoError("invalid_otp_parameters", "key is empty or not bytes");
  }
}

export function checkCounter(name: string, counter: number): void {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new VarcoError(
      "invalid_otp_parameters",
      `${name} ${quoteValue(counter)} is not a whole number from 0 to 2^53-1`,
    );
  }
}

/** Exactly `digits` ASCII digits; anything else cannot match and is not worth an HMAC. */
export function isCodeShaped(code: string, digits: number): boolean {
  if (typeof code !== "string" || code.length !== digits) return false;
  for (let index = 0; index < digits; index++) {
    const char = code.charCodeAt(index);
    if (char < 0x30 || char > 0x39) return false;
  }
  return true;
}

/** Writes `value` as exactly `digits` ASCII digits, zero-padded, into `out`. */
export function writeCode(value: number, digits: number, out: Buffer): void {
  let rest = value;
  for (let index = digits - 1; index >= 0; index--) {
    out[index] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
}
