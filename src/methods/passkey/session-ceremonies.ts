import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { Actor, Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { SignedIn } from "../../sessions/authenticate-session.ts";
import { listPasskeyCredentials, toPasskeyCredential } from "../../store/queries/passkeys.ts";
import { useWebauthnChallenge } from "../../store/queries/webauthn-challenges.ts";
import { addPasskey } from "./add-passkey.ts";
import { passkeyAuthenticationOptions } from "./authentication-options.ts";
import type { PasskeyCredential } from "./passkey-credential.ts";
import { passkeyDisplayName } from "./passkey-name.ts";
import { passkeyPolicyFor } from "./passkey-policy-for.ts";
import { passkeyRegistrationOptions } from "./registration-options.ts";
import { verifyPasskeyRegistration } from "./verify-registration.ts";
import { findWebauthnChallenge } from "./webauthn-challenge.ts";

/** Options to add a key from Security info, the challenge bound to the session. */
export async function sessionRegistrationOptions(
  ctx: Context,
  who: SignedIn,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const policy = await passkeyPolicyFor(ctx, who.tenant.id, who.user.id);
  if (!policy.isSelfServiceRegistrationAllowed) throw new VarcoError("passkey_not_allowed");
  return passkeyRegistrationOptions(ctx, {
    tenant: who.tenant,
    user: who.user,
    policy,
    subject: who.session.id,
  });
}

/**
 * Adds the key the browser created for the session's challenge (used once, here), after the
 * same checks as at sign-in; refused with the reason's error code. The caller has checked that
 * the session may change methods (session-strength.ts).
 */
export async function registerPasskeyForSession(
  ctx: Context,
  actor: Actor,
  who: SignedIn,
  input: { response: RegistrationResponseJSON; name: string },
): Promise<PasskeyCredential> {
  const { user, tenant, session } = who;
  const policy = await passkeyPolicyFor(ctx, tenant.id, user.id);
  if (!policy.enabled || !policy.isSelfServiceRegistrationAllowed)
    throw new VarcoError("passkey_not_allowed");
  const challenge = await findWebauthnChallenge(ctx, {
    response: input.response,
    tenantId: tenant.id,
    purpose: "registration",
    subject: session.id,
  });
  if (
    !challenge ||
    !(await useWebauthnChallenge(ctx.store.db, { hash: challenge.hash, now: ctx.now() }))
  )
    throw new VarcoError("passkey_registration_failed");
  const verified = await verifyPasskeyRegistration(ctx, {
    user,
    policy,
    response: input.response,
    challenge: challenge.challenge,
    name: input.name,
  });
  if (!verified.ok) throw new VarcoError(verified.reason);
  const row = { ...verified.row, name: passkeyDisplayName(input.name, verified.row) };
  await addPasskey(ctx, actor, user, row);
  return toPasskeyCredential(row);
}

/** Options to prove a key again in this session (re-authentication), bound to the session. */
export async function sessionReauthOptions(
  ctx: Context,
  who: SignedIn,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const policy = await passkeyPolicyFor(ctx, who.tenant.id, who.user.id);
  if (!policy.enabled) throw new VarcoError("passkey_not_allowed");
  const credentials = await listPasskeyCredentials(ctx.store.db, who.user.id);
  if (credentials.length === 0) throw new VarcoError("passkey_not_found");
  return passkeyAuthenticationOptions(ctx, {
    tenantId: who.tenant.id,
    purpose: "reauth",
    subject: who.session.id,
    userId: who.user.id,
    credentials,
    userVerificationRequired: policy.isUserVerificationRequired,
  });
}
