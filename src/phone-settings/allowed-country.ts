import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { PhoneSettings } from "./phone-settings.ts";

/**
 * Whether a number is in one of the tenant's allowed countries, by the region libphonenumber
 * places it in (`+44 7911 123456` is Guernsey's GG, not GB's). A number it cannot place is not.
 */
export function allowedCountry(settings: PhoneSettings, e164: string): boolean {
  const parsed = e164.startsWith("+") ? parsePhoneNumberFromString(e164) : undefined;
  const country = parsed?.isValid() ? parsed.country : undefined;
  return country !== undefined && settings.allowedCountries.includes(country);
}
