import type { Context } from "../../context.ts";
import { smsEnabled, voiceEnabled } from "../../phone-settings/phone-enabled.ts";
import type { PhoneSettings } from "../../phone-settings/phone-settings.ts";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import type { GatewayReady } from "./method-configuration.ts";

/**
 * Whether the tenant can send text messages and place calls: its phone settings name an SMS
 * gateway, and a voice provider with a caller ID. Without them Sms and Voice stay disabled.
 */
export async function phoneGatewaysReady(ctx: Context, tenantId: string): Promise<GatewayReady> {
  return gatewaysReadyIn(await readPhoneSettings(ctx, tenantId));
}

/** phoneGatewaysReady, from settings already read. */
export function gatewaysReadyIn(settings: PhoneSettings): GatewayReady {
  return { sms: smsEnabled(settings), voice: voiceEnabled(settings) };
}
