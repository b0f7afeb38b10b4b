import type { PhoneMethod } from "./phone/phone-types.ts";
import type { PreferredPhoneMethod } from "./phone/preferred-phone-method.ts";

/**
 * Microsoft Graph's values of signInPreferences `userPreferredMethodForSecondaryAuthentication`
 * that Varco can keep (no `push`: Varco has no push method yet).
 */
export const graphPreferredMethods = [
  "oath",
  "sms",
  "voiceMobile",
  "voiceAlternateMobile",
  "voiceOffice",
] as const;

export type GraphPreferredMethod = (typeof graphPreferredMethods)[number];

const graphOfPhone: Readonly<Record<PreferredPhoneMethod, GraphPreferredMethod>> = {
  "sms:mobile": "sms",
  "sms:alternateMobile": "sms",
  "voice:mobile": "voiceMobile",
  "voice:alternateMobile": "voiceAlternateMobile",
  "voice:office": "voiceOffice",
};

/**
 * The user's preference as Graph names it: the phone's, or `oath` while an app is the default
 * (null when the user has neither a phone preference nor an active app).
 */
export function graphPreferredMethodOf(
  preference: PreferredPhoneMethod | null,
  hasActiveApp: boolean,
): GraphPreferredMethod | null {
  if (preference) return graphOfPhone[preference];
  return hasActiveApp ? "oath" : null;
}

/**
 * The preference a Graph value asks for, in set-preferred-method.ts's words: `oath` is null (the
 * default app), `sms` the mobile, or the alternate mobile when that is the user's only one. A
 * value Graph does not have comes back as given, for setPreferredMethod to refuse.
 */
export function preferenceOfGraph(value: string, phones: readonly PhoneMethod[]): string | null {
  switch (value) {
    case "oath":
      return null;
    case "sms":
      return phones.some((p) => p.phoneType === "mobile") ||
        !phones.some((p) => p.phoneType === "alternateMobile")
        ? "sms:mobile"
        : "sms:alternateMobile";
    case "voiceMobile":
      return "voice:mobile";
    case "voiceAlternateMobile":
      return "voice:alternateMobile";
    case "voiceOffice":
      return "voice:office";
    default:
      return `graph:${value}`;
  }
}
