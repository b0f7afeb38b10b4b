import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { SendingSettings } from "./sending-settings.ts";

export type RecipientCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: "country_not_allowed" | "premium_rate" | "unknown_range";
    };

/**
 * Toll fraud's first defence: a code goes only to a mobile number of a country the tenant allows.
 * The range is libphonenumber's (full metadata): premium-rate and shared-cost ranges, which pay
 * whoever owns them for every message, and numbers of no known range are refused; so are fixed
 * lines, toll-free, VoIP and personal numbers, which cannot read an SMS or are where pumping
 * schemes rent their ranges.
 */
export function smsRecipientAllowed(
  settings: SendingSettings,
  phoneNumber: string,
): RecipientCheck {
  const parsed = parsePhoneNumberFromString(phoneNumber.replace(" ", ""));
  if (!parsed?.country || !settings.allowedCountries.includes(parsed.country))
    return { ok: false, reason: "country_not_allowed" };
  const type = parsed.getType();
  if (type === "PREMIUM_RATE" || type === "SHARED_COST")
    return { ok: false, reason: "premium_rate" };
  if (type !== "MOBILE" && type !== "FIXED_LINE_OR_MOBILE")
    return { ok: false, reason: "unknown_range" };
  return { ok: true };
}
