import { type NumberType, parsePhoneNumberFromString } from "libphonenumber-js/max";

/** Whether a number may get a message, and why not. */
export type RangeVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: "premium_rate" | "unknown_range" | "country_not_allowed";
    };

export type PhoneChannel = "sms" | "voice";

// The types a code may go to, by libphonenumber's number type (which needs its `max` metadata:
// the `min` metadata has no ranges per type, only lengths). An SMS goes to mobiles, and to
// FIXED_LINE_OR_MOBILE, the answer for the countries whose plans do not tell them apart (the
// US, Canada). A call may also ring a fixed line (an office phone) or VoIP (office telephone
// systems are VoIP now); VoIP is kept from SMS, since many VoIP ranges take no SMS and virtual
// numbers for sale by the minute are what a pumping attack rents. Toll-free, personal (Italy's
// 178, routed at a surcharge), pager, UAN and voicemail numbers are no one's phone.
const allowedTypes: Record<PhoneChannel, ReadonlySet<NumberType>> = {
  sms: new Set<NumberType>(["MOBILE", "FIXED_LINE_OR_MOBILE"]),
  voice: new Set<NumberType>(["MOBILE", "FIXED_LINE_OR_MOBILE", "FIXED_LINE", "VOIP"]),
};

// The ranges whose cost the caller pays to the receiver: the toll fraud of issue reports.
const premiumTypes: ReadonlySet<NumberType> = new Set<NumberType>(["PREMIUM_RATE", "SHARED_COST"]);

/**
 * Whether a number's range may get an SMS code (or, with `voice`, a call): never premium-rate or
 * shared-cost ranges (`premium_rate`), never a number libphonenumber cannot place in a range
 * of its country, nor a type that is no one's phone for that channel (`unknown_range`). Never
 * answers `country_not_allowed`: that is allowedCountry's, and phoneDestinationAllowed asks both.
 */
export function phoneRangeAllowed(e164: string, channel: PhoneChannel = "sms"): RangeVerdict {
  const parsed = e164.startsWith("+") ? parsePhoneNumberFromString(e164) : undefined;
  if (!parsed?.isValid()) return { ok: false, reason: "unknown_range" };
  const type = parsed.getType();
  if (type !== undefined && premiumTypes.has(type)) return { ok: false, reason: "premium_rate" };
  if (type === undefined || !allowedTypes[channel].has(type)) {
    return { ok: false, reason: "unknown_range" };
  }
  return { ok: true };
}
