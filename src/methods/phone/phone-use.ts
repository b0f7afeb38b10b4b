import type { Context } from "../../context.ts";
import type { PhoneSettings } from "../../phone-settings/phone-settings.ts";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import {
  type MethodsForUser,
  methodsForUser,
} from "../../policy/method-configurations/methods-enabled-for.ts";
import { gatewaysReadyIn } from "../../policy/method-configurations/phone-gateways-ready.ts";
import type { PhoneType } from "./phone-types.ts";

/** One of a user's phones, as the sign-in reads it. */
export type PhoneOnFile = { readonly phoneType: PhoneType; readonly phoneNumber: string };

/** Whether a user may get codes by SMS and calls now, and the tenant settings that say so. */
export type PhoneUse = {
  readonly sms: boolean;
  readonly voice: boolean;
  readonly settings: PhoneSettings | undefined;
  /** The method configurations for the user, when they were read: others may reuse them. */
  readonly methods?: MethodsForUser | undefined;
};

export const noPhoneUse: PhoneUse = { sms: false, voice: false, settings: undefined };

/**
 * SMS and calls are usable when the tenant has a gateway for them and enables the method for the
 * user (authentication method configurations: Sms, Voice). Read only for a sign-in that may use a
 * phone: the user has one, or may be asked to register methods. Two statements on PostgreSQL
 * (the settings, then the configurations with the user's groups) when a gateway is set.
 */
export async function phoneUseFor(
  ctx: Context,
  tenantId: string,
  userId: string,
): Promise<PhoneUse> {
  const settings = await readPhoneSettings(ctx, tenantId);
  const ready = gatewaysReadyIn(settings);
  if (!ctx.phone || (!ready.sms && !ready.voice)) return { sms: false, voice: false, settings };
  const methods = await methodsForUser(ctx, tenantId, userId, ready);
  const { enabled } = methods;
  return { sms: enabled.has("Sms"), voice: enabled.has("Voice"), settings, methods };
}
