import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/server";
import type { Context } from "../../context.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { listPasskeyCredentials } from "../../store/queries/passkeys.ts";
import { maxPasskeysPerUser } from "./passkey-credential.ts";
import type { PasskeyPolicy } from "./passkey-policy-for.ts";
import { supportedAlgorithmIDs } from "./supported-algorithms.ts";
import { issueWebauthnChallenge } from "./webauthn-challenge.ts";

/** The user handle the authenticator keeps: the user's id, never the UPN (WebAuthn §14.6.1). */
export const userHandleOf = (user: Pick<User, "id">) => Buffer.from(user.id, "utf8");

/**
 * The options for `navigator.credentials.create()`: a challenge bound to `subject` (the pending
 * sign-in or session registering), the user's keys excluded so one authenticator registers once,
 * a discoverable credential preferred (so it can sign in without a password) but not required (a
 * security key without resident keys still serves after the password).
 */
export async function passkeyRegistrationOptions(
  ctx: Context,
  input: { tenant: Tenant; user: User; policy: PasskeyPolicy; subject: string },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { tenant, user, policy } = input;
  const relyingParty = ctx.relyingParty;
  if (!relyingParty) throw new VarcoError("passkeys_unavailable");
  if (!policy.enabled) throw new VarcoError("passkey_not_allowed");
  const existing = await listPasskeyCredentials(ctx.store.db, user.id);
  if (existing.length >= maxPasskeysPerUser) throw new VarcoError("too_many_passkeys");
  const challenge = await issueWebauthnChallenge(ctx, {
    tenantId: tenant.id,
    purpose: "registration",
    subject: input.subject,
    userId: user.id,
  });
  return generateRegistrationOptions({
    rpName: tenant.displayName,
    rpID: relyingParty.id,
    userName: user.upn,
    userID: userHandleOf(user),
    userDisplayName: user.displayName,
    // As bytes: a string would be taken as UTF-8 text and encoded once more.
    challenge: new Uint8Array(Buffer.from(challenge, "base64url")),
    supportedAlgorithmIDs,
    timeout: 120_000,
    // Key restrictions need the model: without attestation browsers may hide it (all zeros).
    attestationType:
      policy.isAttestationEnforced || policy.keyRestrictions.isEnforced ? "direct" : "none",
    excludeCredentials: existing.map((row) => ({
      id: row.credential_id,
      ...(row.transports ? { transports: row.transports.split(",") } : {}),
    })),
    authenticatorSelection: {
      residentKey: "preferred",
      userVerification: policy.isUserVerificationRequired ? "required" : "preferred",
    },
  });
}
