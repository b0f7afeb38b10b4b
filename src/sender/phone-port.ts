import type { SendingSettings } from "../methods/phone/sending-settings.ts";
import type { SmsGateway } from "./sms/sms-gateway.ts";

/**
 * How Varco reaches phones: the tenant's SMS gateway (kept bound between messages), and the
 * public address that code messages name for autofill and that providers call back.
 */
export type PhonePort = {
  readonly publicUrl: string;
  smsGateway(tenantId: string, settings: SendingSettings): SmsGateway;
  close(): Promise<void>;
};
