import { VarcoError } from "../errors/varco-error.ts";
import { checkSmsGateway, checkVoiceProvider } from "./check-gateway.ts";
import { checkPhoneFields } from "./check-phone-fields.ts";
import {
  type PhoneSettings,
  type PhoneSettingsChanges,
  phoneSettingsFields,
} from "./phone-settings.ts";

/**
 * The settings after the changes, every value checked (a credential kept only where
 * check-gateway.ts allows it); writes nothing, so a route may ask it why a body is refused.
 */
export function applyPhoneChanges(
  before: PhoneSettings,
  changes: PhoneSettingsChanges,
): PhoneSettings {
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) {
    throw new VarcoError("invalid_phone_settings", "the changes are an object of fields");
  }
  const unknown = Object.keys(changes).find(
    (key) => !(phoneSettingsFields as readonly string[]).includes(key),
  );
  if (unknown !== undefined) {
    throw new VarcoError("invalid_phone_settings", `unknown field ${unknown.slice(0, 60)}`);
  }
  const { smsPrimary, smsSecondary, voiceProvider, ...plain } = changes;
  const { smsPrimary: _p, smsSecondary: _s, voiceProvider: _v, ...kept } = before;
  const primary =
    smsPrimary === undefined
      ? before.smsPrimary
      : smsPrimary === null
        ? undefined
        : checkSmsGateway(smsPrimary, before.smsPrimary, "smsPrimary");
  const secondary =
    smsSecondary === undefined
      ? before.smsSecondary
      : smsSecondary === null
        ? undefined
        : checkSmsGateway(smsSecondary, before.smsSecondary, "smsSecondary");
  if (secondary !== undefined && primary === undefined) {
    throw new VarcoError(
      "invalid_sms_gateway",
      "smsSecondary: a secondary gateway needs a primary",
    );
  }
  const voice =
    voiceProvider === undefined
      ? before.voiceProvider
      : voiceProvider === null
        ? undefined
        : checkVoiceProvider(voiceProvider, before.voiceProvider);
  // The allow-list that is still the default (the tenant's own country) follows a new country.
  const followsCountry =
    plain.country !== undefined &&
    plain.allowedCountries === undefined &&
    before.allowedCountries.length === 1 &&
    before.allowedCountries[0] === before.country;
  const merged: PhoneSettings = {
    ...kept,
    ...plain,
    ...(followsCountry ? { allowedCountries: [String(plain.country)] } : {}),
    ...(primary ? { smsPrimary: primary } : {}),
    ...(secondary ? { smsSecondary: secondary } : {}),
    ...(voice ? { voiceProvider: voice } : {}),
  };
  return checkPhoneFields(merged);
}
