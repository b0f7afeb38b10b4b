import type { Context } from "../../context.ts";
import { smsEnabled, voiceEnabled } from "../../phone-settings/phone-enabled.ts";
import type { PhoneSettings } from "../../phone-settings/phone-settings.ts";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import type { PhoneType } from "./phone-types.ts";

/** One of a user's phones, as the sign-in reads it. */
export type PhoneOnFile = { readonly phoneType: PhoneType; readonly phoneNumber: string };

/** Whether a user may get codes by SMS and calls now, and the tenant settings that say so. */
export type PhoneUse = {
  readonly sms: boolean;
  readonly voice: boolean;
  readonly settings: PhoneSettings | undefined;
};

export const noPhoneUse: PhoneUse = { sms: false, voice: false, settings: undefined };

/**
 * SMS and calls are usable when the tenant has a gateway for them and enables the method for the
 * user (authentication method configurations). Read only for a sign-in that may use a phone:
 * the user has one, or is registering methods.
 */
export async function phoneUseFor(
  ctx: Context,
  tenantId: string,
  _userId: string,
): Promise<PhoneUse> {
  const settings = await readPhoneSettings(ctx, tenantId);
  const reachable = ctx.phone !== undefined;
  return {
    sms: reachable && smsEnabled(settings),
    voice: reachable && voiceEnabled(settings),
    settings,
  };
}
