import { maskPhoneNumber } from "../methods/phone/mask-phone-number.ts";
import { type PhoneMethod, type PhoneType, phoneTypes } from "../methods/phone/phone-types.ts";

/** What partials/phones.eta shows: the phones masked, the types still free, where forms post. */
export type PhonesSection = {
  phones: { type: PhoneType; masked: string }[];
  freePhoneTypes: PhoneType[];
  /** Where the add form posts; a phone's forms post under it (`…/mobile`, `…/mobile/remove`). */
  phoneBase: string;
  canChangePhones: boolean;
  phonesForAdmin: boolean;
};

/** The section's model for a user's phones: no page ever holds a whole number. */
export function phonesSection(
  phones: readonly PhoneMethod[],
  options: { phoneBase: string; canChangePhones: boolean; phonesForAdmin: boolean },
): PhonesSection {
  const taken = new Set(phones.map((p) => p.phoneType));
  return {
    phones: phones.map((p) => ({ type: p.phoneType, masked: maskPhoneNumber(p.phoneNumber) })),
    freePhoneTypes: phoneTypes.filter((type) => !taken.has(type)),
    ...options,
  };
}
