import type {
  HttpTemplateGatewayConfig,
  SmppGatewayConfig,
  SmsGatewayConfig,
  TwilioGatewayConfig,
} from "../sender/sms/sms-gateway.ts";
import type { VoiceProviderConfig } from "../sender/voice/voice-provider-config.ts";

/**
 * A tenant's phone settings: where its SMS go and its calls come from, and the limits that keep a
 * pumping attack (many sign-ins started for numbers of one range) from reaching the bill.
 * "Messages" are SMS and calls together: every limit counts both.
 */
export type PhoneSettings = {
  /** The gateway every SMS goes to first; absent: no SMS (the method stays disabled). */
  readonly smsPrimary?: SmsGatewayConfig;
  /** Takes over when the primary fails or times out; only with a primary. */
  readonly smsSecondary?: SmsGatewayConfig;
  /** The provider that places calls; absent: no calls. */
  readonly voiceProvider?: VoiceProviderConfig;
  /** The tenant's own country, ISO 3166 alpha-2 (`IT`). */
  readonly country: string;
  /** Countries (alpha-2) whose numbers may get an SMS or a call; by default the tenant's own. */
  readonly allowedCountries: readonly string[];
  readonly messagesPerUserPerHour: number;
  readonly messagesPerNumberPerHour: number;
  readonly messagesPerTenantPerHour: number;
  /** Messages in a calendar month past which nothing is sent; 0: no cap. */
  readonly monthlyMessageCap: number;
  /** E.164 (`+390212345678`) shown to the called phone; empty: no calls. */
  readonly callerId: string;
  /** Seed 001 "Avviso di illecito": keys that report a call as fraud (`0#`). */
  readonly fraudCode: string;
  /** Digits of an SMS code. */
  readonly codeLength: number;
  readonly codeLifetimeMinutes: number;
  /** Seconds before "Invia di nuovo" may send another code. */
  readonly resendCooldownSeconds: number;
  /** Grows by one with every change; 0 while the tenant has never changed them. */
  readonly version: number;
  /** When they last changed; null: never. */
  readonly updatedAt: number | null;
};

/** The integer settings and their ranges, both ends included. */
export const phoneLimitRanges = {
  messagesPerUserPerHour: [1, 100],
  messagesPerNumberPerHour: [1, 100],
  messagesPerTenantPerHour: [1, 1_000_000],
  monthlyMessageCap: [0, 100_000_000],
  codeLength: [6, 8],
  codeLifetimeMinutes: [1, 15],
  resendCooldownSeconds: [15, 300],
} as const satisfies Record<string, readonly [number, number]>;

export type PhoneLimitField = keyof typeof phoneLimitRanges;

/**
 * A gateway as an administrator sends it: the credential may be left out to keep the stored
 * one, but only while the gateway keeps its kind and address (a credential never follows a
 * change of destination: see keepCredential in check-gateway.ts).
 */
export type SmsGatewayInput =
  | (Omit<SmppGatewayConfig, "password"> & { readonly password?: string })
  | (Omit<TwilioGatewayConfig, "authToken"> & { readonly authToken?: string })
  | (Omit<HttpTemplateGatewayConfig, "headers"> & {
      readonly headers?: Readonly<Record<string, string>>;
    });

export type VoiceProviderInput = Omit<VoiceProviderConfig, "authToken"> & {
  readonly authToken?: string;
};

/** What an update may change: the fields given; null removes a gateway or the provider. */
export type PhoneSettingsChanges = {
  readonly smsPrimary?: SmsGatewayInput | null;
  readonly smsSecondary?: SmsGatewayInput | null;
  readonly voiceProvider?: VoiceProviderInput | null;
  readonly country?: string;
  readonly allowedCountries?: readonly string[];
  readonly messagesPerUserPerHour?: number;
  readonly messagesPerNumberPerHour?: number;
  readonly messagesPerTenantPerHour?: number;
  readonly monthlyMessageCap?: number;
  readonly callerId?: string;
  readonly fraudCode?: string;
  readonly codeLength?: number;
  readonly codeLifetimeMinutes?: number;
  readonly resendCooldownSeconds?: number;
};

/** The fields a change may name, in the order the audit entry lists them. */
export const phoneSettingsFields = [
  "smsPrimary",
  "smsSecondary",
  "voiceProvider",
  "country",
  "allowedCountries",
  "messagesPerUserPerHour",
  "messagesPerNumberPerHour",
  "messagesPerTenantPerHour",
  "monthlyMessageCap",
  "callerId",
  "fraudCode",
  "codeLength",
  "codeLifetimeMinutes",
  "resendCooldownSeconds",
] as const satisfies readonly (keyof PhoneSettingsChanges)[];
