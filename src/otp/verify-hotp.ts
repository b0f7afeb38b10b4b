import { timingSafeEqual } from "node:crypto";
import { VarcoError } from "../errors/varco-error.ts";
import { hmacHashFor, type OtpAlgorithm, type OtpDigits } from "./algorithms.ts";
import { checkCounter, checkKey, isCodeShaped, type OtpKey, writeCode } from "./check-otp-input.ts";
import { hotpNumber } from "./hotp-number.ts";
import { parseOtpDigits } from "./parameters.ts";

/**
 * Tries counters `counter` … `counter + lookAhead` (the token may have been pressed without
 * being used) and returns the one that matched; the caller stores matched + 1 as the next
 * counter. A code of the wrong shape returns null before any HMAC is computed.
 */
export function verifyHotp(
  key: OtpKey,
  code: string,
  options: { counter: number; lookAhead: number; algorithm: OtpAlgorithm; digits: OtpDigits },
): { counter: number } | null {
  checkKey(key);
  checkCounter("counter", options.counter);
  checkCounter("lookAhead", options.lookAhead);
  const last = options.counter + options.lookAhead;
  if (!Number.isSafeInteger(last)) {
    throw new VarcoError("invalid_otp_parameters", "counter + lookAhead is beyond 2^53-1");
  }
  const digits = parseOtpDigits(options.digits);
  const hash = hmacHashFor(options.algorithm);
  if (!isCodeShaped(code, digits)) return null;

  const given = Buffer.from(code, "latin1");
  const expected = Buffer.allocUnsafe(digits);
  const counterBytes = Buffer.allocUnsafe(8);
  const modulus = 10 ** digits;
  for (let counter = options.counter; counter <= last; counter++) {
    writeCode(hotpNumber(key, counter, hash, modulus, counterBytes), digits, expected);
    if (timingSafeEqual(given, expected)) return { counter };
  }
  return null;
}
