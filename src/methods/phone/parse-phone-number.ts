import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { VarcoError } from "../../errors/varco-error.ts";

/**
 * Reads a phone number typed by a person or sent to the API and returns it as Microsoft Graph
 * writes it: `+CountryCode Number`, one space after the country code, no other separator, the
 * extension dropped (`+39 02 1234 5678 ext. 12` → `+39 0212345678`). Validation is
 * libphonenumber's (its full metadata: lengths and ranges per country), not a pattern.
 *
 * The number must start with `+` and its country code: Varco keeps no country per tenant, and
 * guessing one from the time zone would read a foreign number typed without it as a local one.
 */
export function parsePhoneNumber(input: string): string {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 64 || /\p{Cc}/u.test(trimmed))
    throw new VarcoError("invalid_phone_number");
  if (!trimmed.startsWith("+")) throw new VarcoError("phone_country_code_required");
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed?.isValid()) throw new VarcoError("invalid_phone_number");
  return `+${parsed.countryCallingCode} ${parsed.nationalNumber}`;
}

/** Whether libphonenumber's full metadata places the number in a fixed-line range (no SMS). */
export function isFixedLine(phoneNumber: string): boolean {
  return parsePhoneNumberFromString(phoneNumber.replace(" ", ""))?.getType() === "FIXED_LINE";
}
