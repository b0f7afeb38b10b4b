import type { Context } from "../context.ts";
import { readPhoneSettings } from "../phone-settings/read-phone-settings.ts";
import type { MethodConfigurationId } from "../policy/method-configurations/method-configuration.ts";
import { gatewaysReadyIn } from "../policy/method-configurations/phone-gateways-ready.ts";
import { readMethodConfigurations } from "../policy/method-configurations/read-method-configurations.ts";
import type { PasswordResetMethod } from "../policy/password-reset/password-reset-methods.ts";
import type { PasswordReset } from "./load-password-reset.ts";

/**
 * The methods the verification page offers: those the reset may use and has not proven yet,
 * that the tenant can serve at all (its method is enabled, a gateway is there, passkeys have a
 * relying party: the public address). What the user
 * registered plays no part, so the page is the same for every user name (no oracle); a method
 * the user does not have simply never succeeds.
 */
export async function offeredMethods(
  ctx: Context,
  reset: PasswordReset,
): Promise<readonly PasswordResetMethod[]> {
  const proven = new Set(reset.proven.map((proof) => proof.method));
  const wanted = reset.requirements.methods.filter((method) => !proven.has(method));
  if (wanted.length === 0) return [];
  const configurations = await readMethodConfigurations(ctx, reset.tenant.id);
  const enabled = (id: MethodConfigurationId) =>
    configurations.some((c) => c.id === id && c.state === "enabled");
  const needsPhone = wanted.includes("sms") || wanted.includes("voice");
  const ready = needsPhone
    ? gatewaysReadyIn(await readPhoneSettings(ctx, reset.tenant.id))
    : { sms: false, voice: false };
  const available: Record<PasswordResetMethod, boolean> = {
    email: enabled("Email") && ctx.mail !== undefined,
    sms: enabled("Sms") && ready.sms && ctx.phone !== undefined,
    voice: enabled("Voice") && ready.voice && ctx.phone !== undefined,
    authenticatorApp: enabled("SoftwareOath") || enabled("HardwareOath"),
    passkey: enabled("Fido2") && ctx.relyingParty !== undefined,
    securityQuestions: reset.tenant.policy.securityQuestionsEnabled,
  };
  return wanted.filter((method) => available[method]);
}
