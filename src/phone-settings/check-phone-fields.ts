import { type CountryCode, getCountries, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { VarcoError } from "../errors/varco-error.ts";
import { checkFraudCode } from "../sender/voice/fraud-code.ts";
import { type PhoneLimitField, type PhoneSettings, phoneLimitRanges } from "./phone-settings.ts";

const regions: ReadonlySet<string> = new Set(getCountries());

/** At most this many countries in the allow-list: a longer one is no longer a limit. */
export const maxAllowedCountries = 50;

/** An ISO 3166 alpha-2 code of a region libphonenumber knows, in capitals (`it` reads `IT`). */
export function checkCountryCode(value: unknown, field: string): CountryCode {
  const code = typeof value === "string" ? value.trim().toUpperCase() : "";
  if (!/^[A-Z]{2}$/.test(code) || !regions.has(code)) {
    throw new VarcoError(
      "invalid_country_code",
      `${field}: '${String(value).slice(0, 20)}' is not an ISO 3166 alpha-2 region such as IT`,
    );
  }
  return code as CountryCode;
}

/**
 * Checks the settings that are not gateways, each refused with its own code and a detail that
 * names the field; returns them normalised (country codes in capitals and without repeats, the
 * caller ID in E.164).
 */
export function checkPhoneFields(settings: PhoneSettings): PhoneSettings {
  for (const [field, [min, max]] of Object.entries(phoneLimitRanges)) {
    const value = settings[field as PhoneLimitField];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw new VarcoError(
        "invalid_phone_limit",
        `${field} must be an integer from ${min} to ${max}`,
      );
    }
  }
  const country = checkCountryCode(settings.country, "country");
  const list: unknown = settings.allowedCountries;
  if (!Array.isArray(list) || list.length === 0 || list.length > maxAllowedCountries) {
    throw new VarcoError(
      "invalid_country_code",
      `allowedCountries is a list of 1 to ${maxAllowedCountries} countries`,
    );
  }
  const allowedCountries = [
    ...new Set(list.map((entry) => checkCountryCode(entry, "allowedCountries"))),
  ];
  return {
    ...settings,
    country,
    allowedCountries,
    fraudCode: checkFraudCode(typeof settings.fraudCode === "string" ? settings.fraudCode : ""),
    callerId: checkCallerId(settings.callerId),
  };
}

/** Empty, or a valid number with its country code, kept in E.164 (`+390212345678`). */
function checkCallerId(value: unknown): string {
  if (value === "") return "";
  const text = typeof value === "string" ? value.trim() : "";
  const parsed =
    text.startsWith("+") && text.length <= 64 && !/\p{Cc}/u.test(text)
      ? parsePhoneNumberFromString(text)
      : undefined;
  if (!parsed?.isValid()) {
    throw new VarcoError("invalid_caller_id", "callerId is a number with + and the country code");
  }
  return parsed.number;
}
