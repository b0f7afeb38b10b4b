import type { PhoneSettings } from "../phone-settings/phone-settings.ts";
import type { SmsGateway } from "./sms/sms-gateway.ts";
import type { VoiceProvider } from "./voice/voice-provider.ts";

/**
 * How Varco reaches phones: the tenant's SMS gateway (kept bound between messages), and the
 * public address that code messages name for autofill and that providers call back.
 */
export type PhonePort = {
  readonly publicUrl: string;
  smsGateway(tenantId: string, settings: PhoneSettings): SmsGateway;
  /** The tenant's telephony provider, which places calls and calls Varco back. */
  voiceProvider(settings: PhoneSettings): VoiceProvider;
  close(): Promise<void>;
};
