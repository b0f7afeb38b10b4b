import type { Context } from "../../context.ts";
import type { SmsGatewayConfig } from "../../sender/sms/sms-gateway.ts";
import type { VoiceProviderConfig } from "../../sender/voice/voice-provider.ts";

/** What sending a code or placing a call needs of the tenant's phone settings. */
export type SendingSettings = {
  /** A version that changes with every change of the settings (the gateway pool's key). */
  readonly version: number;
  readonly smsPrimary: SmsGatewayConfig | undefined;
  readonly smsSecondary: SmsGatewayConfig | undefined;
  readonly allowedCountries: readonly string[];
  readonly messagesPerUserPerHour: number;
  readonly messagesPerNumberPerHour: number;
  readonly messagesPerTenantPerHour: number;
  /** 0: no cap. */
  readonly monthlyMessageCap: number;
  readonly codeLength: number;
  readonly codeLifetimeMinutes: number;
  readonly resendCooldownSeconds: number;
  readonly voiceProvider: VoiceProviderConfig | undefined;
  readonly callerId: string;
  readonly fraudCode: string;
};

/** The tenant's phone settings as sending reads them. */
export async function sendingSettingsOf(
  _ctx: Context,
  _tenantId: string,
): Promise<SendingSettings> {
  return {
    version: 0,
    smsPrimary: undefined,
    smsSecondary: undefined,
    allowedCountries: ["IT"],
    messagesPerUserPerHour: 5,
    messagesPerNumberPerHour: 5,
    messagesPerTenantPerHour: 200,
    monthlyMessageCap: 0,
    codeLength: 6,
    codeLifetimeMinutes: 5,
    resendCooldownSeconds: 30,
    voiceProvider: undefined,
    callerId: "",
    fraudCode: "0#",
  };
}
