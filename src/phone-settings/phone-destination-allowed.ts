import { allowedCountry } from "./allowed-country.ts";
import { type PhoneChannel, phoneRangeAllowed, type RangeVerdict } from "./phone-range-allowed.ts";
import type { PhoneSettings } from "./phone-settings.ts";

/** Both checks, the country first: what the sign-in asks before a code is sent or a call placed. */
export function phoneDestinationAllowed(
  settings: PhoneSettings,
  e164: string,
  channel: PhoneChannel = "sms",
): RangeVerdict {
  if (!allowedCountry(settings, e164)) return { ok: false, reason: "country_not_allowed" };
  return phoneRangeAllowed(e164, channel);
}
