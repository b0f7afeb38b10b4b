import { maskPhoneNumber } from "../methods/phone/mask-phone-number.ts";
import type { PhoneMethod } from "../methods/phone/phone-types.ts";
import type { PhoneUse } from "../methods/phone/phone-use.ts";
import type { PreferredPhoneMethod } from "../methods/phone/preferred-phone-method.ts";
import type { AuthMethod } from "../methods/types.ts";

/** One choice of partials/default-method.eta: an app by its method id, or `sms:`/`voice:` a phone. */
export type DefaultMethodChoice = {
  value: string;
  kind: "app" | "sms" | "voice";
  /** The app's name, or the phone's masked number. */
  label: string;
  selected: boolean;
};

/** "Default sign-in method": where the form posts and what it offers; absent with one choice. */
export type DefaultMethodSection = {
  defaultMethod?: { action: string; forAdmin: boolean; choices: DefaultMethodChoice[] };
};

/**
 * The choices of the default method: the active apps, and the user's phones as the code prompt
 * offers them now (SMS to mobiles, calls to every phone, as the tenant allows: step-of.ts). The
 * phone that is the default stays listed, and selected, while its method is off.
 */
export function defaultMethodSection(input: {
  methods: readonly AuthMethod[];
  phones: readonly PhoneMethod[];
  preferred: PreferredPhoneMethod | null;
  phoneUse: PhoneUse;
  action: string;
  forAdmin: boolean;
}): DefaultMethodSection {
  const { preferred, phoneUse } = input;
  const apps = input.methods
    .filter((m) => m.state === "active")
    .map((m) => ({
      value: m.id,
      kind: "app" as const,
      label: m.label,
      selected: preferred === null && m.isDefault,
    }));
  const phones = input.phones.flatMap((phone) => {
    const label = maskPhoneNumber(phone.phoneNumber);
    const choice = (kind: "sms" | "voice", usable: boolean) => {
      const value = `${kind}:${phone.phoneType}`;
      return usable || value === preferred
        ? [{ value, kind, label, selected: value === preferred }]
        : [];
    };
    return [
      ...choice("sms", phoneUse.sms && phone.phoneType !== "office"),
      ...choice("voice", phoneUse.voice),
    ];
  });
  const choices = [...apps, ...phones];
  return choices.length > 1
    ? { defaultMethod: { action: input.action, forAdmin: input.forAdmin, choices } }
    : {};
}
