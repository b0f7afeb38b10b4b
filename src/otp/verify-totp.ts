import { timingSafeEqual } from "node:crypto";
import { hmacHashFor, type OtpAlgorithm, type OtpDigits, type OtpPeriod } from "./algorithms.ts";
import { checkKey, isCodeShaped, type OtpKey, writeCode } from "./check-otp-input.ts";
import { hotpNumber } from "./hotp-number.ts";
import { parseOtpDigits, parseTotpWindow } from "./parameters.ts";
import { totpStep } from "./totp.ts";

/**
 * Finds the time step `code` belongs to: the current step first, then -1, +1, -2, +2 … up to
 * ±window, so the usual case costs one HMAC. Returns the step so the caller can claim it once;
 * replay protection (refusing a step already used) is the caller's job, this function keeps no
 * state. A code of the wrong shape returns null before any HMAC is computed.
 */
export function verifyTotp(
  key: OtpKey,
  code: string,
  options: {
    timeMs: number;
    period: OtpPeriod;
    algorithm: OtpAlgorithm;
    digits: OtpDigits;
    window: number;
  },
): { step: number } | null {
  checkKey(key);
  const digits = parseOtpDigits(options.digits);
  const window = parseTotpWindow(options.window);
  const hash = hmacHashFor(options.algorithm);
  const current = totpStep(options.timeMs, options.period);
  if (!isCodeShaped(code, digits)) return null;

  const given = Buffer.from(code, "latin1");
  const expected = Buffer.allocUnsafe(digits);
  const counterBytes = Buffer.allocUnsafe(8);
  const modulus = 10 ** digits;
  // attempt 0, 1, 2, 3, 4 … checks offset 0, -1, +1, -2, +2 …
  for (let attempt = 0; attempt <= 2 * window; attempt++) {
    const offset = attempt % 2 === 1 ? -((attempt + 1) >> 1) : attempt >> 1;
    const step = current + offset;
    if (step < 0) continue; // the first minute after 1970 has no earlier steps
    writeCode(hotpNumber(key, step, hash, modulus, counterBytes), digits, expected);
    if (timingSafeEqual(given, expected)) return { step };
  }
  return null;
}
