import type { SmsGatewayConfig } from "../sender/sms/sms-gateway.ts";
import type { VoiceProviderConfig } from "../sender/voice/voice-provider-config.ts";
import { smsEnabled, voiceEnabled } from "./phone-enabled.ts";
import type { PhoneSettings } from "./phone-settings.ts";

/** A gateway as pages and the API show it: everything but its credential, which is `configured`. */
export type SmsGatewaySummary =
  | {
      readonly kind: "smpp";
      readonly host: string;
      readonly port: number;
      readonly tls: boolean;
      readonly systemId: string;
      readonly sourceAddress: string;
      readonly configured: true;
    }
  | {
      readonly kind: "twilio";
      readonly baseUrl: string;
      readonly accountSid: string;
      readonly from: string;
      readonly configured: true;
    }
  | {
      readonly kind: "httpTemplate";
      readonly url: string;
      readonly method: "POST" | "GET";
      readonly contentType: "application/json" | "application/x-www-form-urlencoded";
      readonly body: string;
      readonly messageIdPath: string | null;
      /** The names of the headers sent (their values may be credentials: never shown). */
      readonly headerNames: readonly string[];
      readonly configured: true;
    };

export type VoiceProviderSummary = {
  readonly kind: "twilio";
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly configured: true;
};

export type PhoneSettingsSummary = Omit<
  PhoneSettings,
  "smsPrimary" | "smsSecondary" | "voiceProvider"
> & {
  readonly smsPrimary: SmsGatewaySummary | null;
  readonly smsSecondary: SmsGatewaySummary | null;
  readonly voiceProvider: VoiceProviderSummary | null;
  readonly smsEnabled: boolean;
  readonly voiceEnabled: boolean;
};

export function smsGatewaySummary(gateway: SmsGatewayConfig): SmsGatewaySummary {
  switch (gateway.kind) {
    case "smpp": {
      const { password: _password, ...rest } = gateway;
      return { ...rest, configured: true };
    }
    case "twilio": {
      const { authToken: _token, ...rest } = gateway;
      return { ...rest, configured: true };
    }
    case "httpTemplate": {
      const { headers, messageIdPath, ...rest } = gateway;
      return {
        ...rest,
        messageIdPath: messageIdPath ?? null,
        headerNames: Object.keys(headers),
        configured: true,
      };
    }
  }
}

function voiceProviderSummary(provider: VoiceProviderConfig): VoiceProviderSummary {
  return {
    kind: provider.kind,
    baseUrl: provider.baseUrl,
    accountSid: provider.accountSid,
    configured: true,
  };
}

/**
 * The settings for display (the admin page, the API, the CLI): every credential replaced by
 * `configured: true` (passwords, tokens and the HTTP gateway's header values are write-only).
 */
export function phoneSettingsSummary(settings: PhoneSettings): PhoneSettingsSummary {
  const { smsPrimary, smsSecondary, voiceProvider, ...rest } = settings;
  return {
    ...rest,
    allowedCountries: [...rest.allowedCountries],
    smsPrimary: smsPrimary ? smsGatewaySummary(smsPrimary) : null,
    smsSecondary: smsSecondary ? smsGatewaySummary(smsSecondary) : null,
    voiceProvider: voiceProvider ? voiceProviderSummary(voiceProvider) : null,
    smsEnabled: smsEnabled(settings),
    voiceEnabled: voiceEnabled(settings),
  };
}

/**
 * A gateway as the audit log names it: its kind and where it sends (host, or the address without
 * its query, which may carry a key), never a credential, a header or a body.
 */
export function gatewayDestination(
  gateway: SmsGatewayConfig | VoiceProviderConfig | undefined,
): Record<string, string> | null {
  if (!gateway) return null;
  switch (gateway.kind) {
    case "smpp":
      return { kind: "smpp", host: `${gateway.host}:${gateway.port}` };
    case "twilio":
      return { kind: "twilio", url: withoutQuery(gateway.baseUrl) };
    case "httpTemplate":
      return { kind: "httpTemplate", url: withoutQuery(gateway.url) };
  }
}

function withoutQuery(address: string): string {
  try {
    const url = new URL(address);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "";
  }
}
