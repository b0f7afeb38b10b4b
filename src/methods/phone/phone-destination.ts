import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { SendingSettings } from "./sending-settings.ts";

export type DestinationCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: "country_not_allowed" | "premium_rate" | "unknown_range";
    };

/** Placeholder until the tenant phone settings land: the same checks, SMS or voice. */
export function phoneDestinationAllowed(
  settings: SendingSettings,
  phoneNumber: string,
  channel: "sms" | "voice",
): DestinationCheck {
  const parsed = parsePhoneNumberFromString(phoneNumber.replace(" ", ""));
  if (!parsed?.country || !settings.allowedCountries.includes(parsed.country))
    return { ok: false, reason: "country_not_allowed" };
  const type = parsed.getType();
  if (type === "PREMIUM_RATE" || type === "SHARED_COST")
    return { ok: false, reason: "premium_rate" };
  const reachable =
    channel === "sms"
      ? ["MOBILE", "FIXED_LINE_OR_MOBILE"]
      : ["MOBILE", "FIXED_LINE_OR_MOBILE", "FIXED_LINE"];
  return type && reachable.includes(type) ? { ok: true } : { ok: false, reason: "unknown_range" };
}
