/**
 * The telephony provider that places a tenant's calls, through the TwiML-style voice webhooks
 * (the gather-digits model that Twilio, Vonage and Plivo share). Sealed at rest as a whole.
 */
export type VoiceProviderConfig = {
  readonly kind: "twilio";
  /** `https://api.twilio.com` or a compatible provider's address. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
};
