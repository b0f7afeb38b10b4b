import { hmacHashFor, type OtpAlgorithm, type OtpDigits } from "./algorithms.ts";
import { checkCounter, checkKey, type OtpKey } from "./check-otp-input.ts";
import { hotpNumber } from "./hotp-number.ts";
import { parseOtpDigits } from "./parameters.ts";

/** RFC 4226 HOTP value for `counter` (0 to 2^53-1), zero-padded to `digits`. */
export function generateHotp(
  key: OtpKey,
  counter: number,
  options: { algorithm: OtpAlgorithm; digits: OtpDigits },
): string {
  checkKey(key);
  checkCounter("counter", counter);
  const digits = parseOtpDigits(options.digits);
  const value = hotpNumber(
    key,
    counter,
    hmacHashFor(options.algorithm),
    10 ** digits,
    Buffer.alloc(8),
  );
  return String(value).padStart(digits, "0");
}
