import { VarcoError } from "../errors/varco-error.ts";
import { quoteValue } from "./quote-value.ts";

export type OtpAlgorithm = "SHA1" | "SHA256" | "SHA512";
export type OtpDigits = 6 | 8;
export type OtpPeriod = 30 | 60;

export const otpAlgorithms: readonly OtpAlgorithm[] = ["SHA1", "SHA256", "SHA512"];

/** Secret length we generate: the hash's output size, as RFC 4226 section 4 and RFC 6238 advise. */
export function secretBytesFor(algorithm: OtpAlgorithm): number {
  switch (algorithm) {
    case "SHA1":
      return 20;
    case "SHA256":
      return 32;
    case "SHA512":
      return 64;
    default:
      throw unknownAlgorithm(algorithm);
  }
}

/**
 * Node's name for the HMAC hash. A switch rather than a lookup object, so a value that slipped
 * past the types ("toString", "__proto__") cannot select something odd.
 */
export function hmacHashFor(algorithm: OtpAlgorithm): "sha1" | "sha256" | "sha512" {
  switch (algorithm) {
    case "SHA1":
      return "sha1";
    case "SHA256":
      return "sha256";
    case "SHA512":
      return "sha512";
    default:
      throw unknownAlgorithm(algorithm);
  }
}

function unknownAlgorithm(algorithm: unknown): VarcoError {
  return new VarcoError(
    "invalid_otp_parameters",
    `algorithm ${quoteValue(algorithm)} is not SHA1, SHA256 or SHA512`,
  );
}
