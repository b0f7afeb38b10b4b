import type { Context } from "../../context.ts";
import {
  defaultFido2Settings,
  type Fido2Settings,
} from "../../policy/method-configurations/fido2-settings.ts";
import {
  type MethodsForUser,
  methodsForUser,
} from "../../policy/method-configurations/methods-enabled-for.ts";

/** What the tenant's Fido2 configuration says for one user: enabled for them, and its settings. */
export type PasskeyPolicy = Fido2Settings & { readonly enabled: boolean };

/**
 * The Fido2 configuration as it applies to the user (their groups decide `enabled`), with the
 * settings the tenant stored: one statement, the one that tells which methods are enabled.
 */
export async function passkeyPolicyFor(
  ctx: Context,
  tenantId: string,
  userId: string,
): Promise<PasskeyPolicy> {
  return passkeyPolicyOf(await methodsForUser(ctx, tenantId, userId, { sms: false, voice: false }));
}

/** The Fido2 configuration in the user's method configurations, once they are read. */
export function passkeyPolicyOf({ enabled, configurations }: MethodsForUser): PasskeyPolicy {
  const settings = configurations.get("Fido2")?.fido2Settings ?? defaultFido2Settings;
  return { ...settings, enabled: enabled.has("Fido2") };
}
