import { VarcoError } from "../errors/varco-error.ts";
import type { OtpAlgorithm, OtpDigits, OtpPeriod } from "./algorithms.ts";
import { quoteValue } from "./quote-value.ts";

/** Widest TOTP window we allow: ±10 steps is already ±5 minutes at 30 s. */
export const maxTotpWindow = 10;

/** "SHA1", "sha256", "SHA-512": apps and other servers spell the name all these ways. */
export function parseOtpAlgorithm(value: string): OtpAlgorithm {
  const match = typeof value === "string" ? /^sha-?(1|256|512)$/i.exec(value) : null;
  switch (match?.[1]) {
    case "1":
      return "SHA1";
    case "256":
      return "SHA256";
    case "512":
      return "SHA512";
    default:
      throw new VarcoError(
        "invalid_otp_parameters",
        `algorithm ${quoteValue(value)} is not SHA1, SHA256 or SHA512`,
      );
  }
}

export function parseOtpDigits(value: string | number): OtpDigits {
  const digits = parseSmallInteger(value);
  if (digits === 6 || digits === 8) return digits;
  throw new VarcoError("invalid_otp_parameters", `digits ${quoteValue(value)} is not 6 or 8`);
}

export function parseOtpPeriod(value: string | number): OtpPeriod {
  const period = parseSmallInteger(value);
  if (period === 30 || period === 60) return period;
  throw new VarcoError("invalid_otp_parameters", `period ${quoteValue(value)} is not 30 or 60`);
}

export function parseTotpWindow(value: string | number): number {
  const window = parseSmallInteger(value);
  if (window !== undefined && window <= maxTotpWindow) return window;
  throw new VarcoError(
    "invalid_otp_parameters",
    `window ${quoteValue(value)} is not a whole number from 0 to ${maxTotpWindow}`,
  );
}

/** Plain decimal digits or a non-negative integer; "6.0", " 6", "0x6" and 6.5 are refused. */
function parseSmallInteger(value: string | number): number | undefined {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  if (typeof value === "string" && /^[0-9]{1,3}$/.test(value)) return Number(value);
  return undefined;
}
