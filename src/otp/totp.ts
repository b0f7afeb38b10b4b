import { VarcoError } from "../errors/varco-error.ts";
import type { OtpAlgorithm, OtpDigits, OtpPeriod } from "./algorithms.ts";
import type { OtpKey } from "./check-otp-input.ts";
import { generateHotp } from "./hotp.ts";
import { parseOtpPeriod } from "./parameters.ts";
import { quoteValue } from "./quote-value.ts";

/** RFC 6238 time step: whole periods since the Unix epoch (T0 = 0). */
export function totpStep(timeMs: number, period: OtpPeriod): number {
  const seconds = parseOtpPeriod(period);
  if (typeof timeMs !== "number" || !(timeMs >= 0 && timeMs <= Number.MAX_SAFE_INTEGER)) {
    throw new VarcoError(
      "invalid_otp_parameters",
      `time ${quoteValue(timeMs)} is not a number of milliseconds since 1970`,
    );
  }
  return Math.floor(timeMs / (seconds * 1000));
}

export function generateTotp(
  key: OtpKey,
  options: { timeMs: number; period: OtpPeriod; algorithm: OtpAlgorithm; digits: OtpDigits },
): string {
  return generateHotp(key, totpStep(options.timeMs, options.period), options);
}
