import type { PhoneSettings } from "./phone-settings.ts";

/**
 * A tenant's phone settings until an administrator changes them: no gateway (SMS and calls stay
 * disabled), Italy and only Italy, 5 messages an hour per user and per number, 200 per tenant,
 * no monthly cap, 6-digit codes valid 5 minutes, 30 seconds between sends, `0#` for fraud. The
 * column defaults of migration 0024 say the same.
 */
export const defaultPhoneSettings: PhoneSettings = Object.freeze({
  country: "IT",
  allowedCountries: Object.freeze(["IT"]),
  messagesPerUserPerHour: 5,
  messagesPerNumberPerHour: 5,
  messagesPerTenantPerHour: 200,
  monthlyMessageCap: 0,
  callerId: "",
  fraudCode: "0#",
  codeLength: 6,
  codeLifetimeMinutes: 5,
  resendCooldownSeconds: 30,
  version: 0,
  updatedAt: null,
});
