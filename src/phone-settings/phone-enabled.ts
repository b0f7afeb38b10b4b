import type { PhoneSettings } from "./phone-settings.ts";

/** SMS codes can be sent: the tenant has a primary gateway. */
export function smsEnabled(settings: PhoneSettings): boolean {
  return settings.smsPrimary !== undefined;
}

/** Calls can be placed: the tenant has a provider and a caller ID to show. */
export function voiceEnabled(settings: PhoneSettings): boolean {
  return settings.voiceProvider !== undefined && settings.callerId !== "";
}
