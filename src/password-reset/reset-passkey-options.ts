import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { passkeyAuthenticationOptions } from "../methods/passkey/authentication-options.ts";
import type { PasswordReset } from "./load-password-reset.ts";
import { offeredMethods } from "./offered-methods.ts";

/**
 * The options for `navigator.credentials.get()` in a reset: a challenge bound to the reset
 * (purpose `passwordReset`, subject the reset's id), user verification required, and no
 * credentials listed (the browser offers the passkeys it has for Varco, as for a passwordless
 * sign-in). The same options whoever the reset names, with keys or without: they tell nothing.
 */
export async function resetPasskeyOptions(
  ctx: Context,
  reset: PasswordReset,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  if (!(await offeredMethods(ctx, reset)).includes("passkey"))
    throw new VarcoError("method_not_offered");
  return passkeyAuthenticationOptions(ctx, {
    tenantId: reset.tenant.id,
    purpose: "passwordReset",
    subject: reset.row.id,
    userId: null,
    credentials: [],
    userVerificationRequired: true,
  });
}
