import type { PhoneType } from "./phone-types.ts";

/**
 * The phone a user signs in with by default, as the code prompt names its choices: a code by SMS
 * to a mobile, or a call to any phone. SMS never goes to an office phone.
 */
export const preferredPhoneMethods = [
  "sms:mobile",
  "sms:alternateMobile",
  "voice:mobile",
  "voice:alternateMobile",
  "voice:office",
] as const;

export type PreferredPhoneMethod = (typeof preferredPhoneMethods)[number];

export function isPreferredPhoneMethod(value: unknown): value is PreferredPhoneMethod {
  return typeof value === "string" && (preferredPhoneMethods as readonly string[]).includes(value);
}

/** The phone a preference names. */
export function phoneTypeOfPreference(preference: PreferredPhoneMethod): PhoneType {
  return preference.slice(preference.indexOf(":") + 1) as PhoneType;
}

/** The preferences that name this phone. */
export function preferencesOfPhone(phoneType: PhoneType): PreferredPhoneMethod[] {
  return preferredPhoneMethods.filter((p) => phoneTypeOfPreference(p) === phoneType);
}
