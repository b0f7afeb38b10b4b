import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import type { Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { passkeyAuthenticationOptions } from "../methods/passkey/authentication-options.ts";
import { passkeyPolicyFor } from "../methods/passkey/passkey-policy-for.ts";
import { passkeyRegistrationOptions } from "../methods/passkey/registration-options.ts";
import { listPasskeyCredentials } from "../store/queries/passkeys.ts";
import { passwordlessSubject } from "./events/passkey-sign-in.ts";
import { loadPendingSignIn } from "./pending-sign-in.ts";
import { signInMachine } from "./sign-in-machine.ts";
import type { ClientInfo } from "./types.ts";

/** Options for the browser: to sign with a key (`get`), or to create one (`create`). */
export type PasskeyOptions =
  | { readonly ceremony: "get"; readonly options: PublicKeyCredentialRequestOptionsJSON }
  | { readonly ceremony: "create"; readonly options: PublicKeyCredentialCreationOptionsJSON };

/**
 * The WebAuthn options for the step a pending sign-in stands at, with a challenge bound to it:
 * the user's keys at the code prompt, a new key at registration. Undefined when the step offers
 * no passkey (or the sign-in is over). Issuing a challenge changes no step.
 */
export async function passkeyOptionsForSignIn(
  ctx: Context,
  pendingToken: string | undefined,
  client: ClientInfo,
): Promise<PasskeyOptions | undefined> {
  const found = await loadPendingSignIn(ctx, pendingToken);
  if (!found) return undefined;
  const { step } = await signInMachine.current(ctx, pendingToken, client);
  const { pending, tenant, user } = found;
  if (step.kind === "second_factor" && step.passkey && step.passkey.count > 0) {
    const policy = await passkeyPolicyFor(ctx, tenant.id, user.id);
    const options = await passkeyAuthenticationOptions(ctx, {
      tenantId: tenant.id,
      purpose: "secondFactor",
      subject: pending.id,
      userId: user.id,
      credentials: await listPasskeyCredentials(ctx.store.db, user.id),
      userVerificationRequired: policy.isUserVerificationRequired,
    });
    return { ceremony: "get", options };
  }
  if (step.kind === "register" && step.passkeyOffered) {
    const policy = await passkeyPolicyFor(ctx, tenant.id, user.id);
    const options = await passkeyRegistrationOptions(ctx, {
      tenant,
      user,
      policy,
      subject: pending.id,
    });
    return { ceremony: "create", options };
  }
  return undefined;
}

/**
 * The options of "Sign in with a passkey" and of the sign-in page's passkey autofill: no user
 * named, user verification required, the challenge bound to this browser's token.
 */
export function passwordlessPasskeyOptions(
  ctx: Context,
  tenant: Tenant,
  browserToken: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return passkeyAuthenticationOptions(ctx, {
    tenantId: tenant.id,
    purpose: "passwordless",
    subject: passwordlessSubject(ctx, browserToken),
    userId: null,
    credentials: [],
    userVerificationRequired: true,
  });
}
