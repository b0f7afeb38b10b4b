import { randomUUID } from "node:crypto";
import { type RegistrationResponseJSON, verifyRegistrationResponse } from "@simplewebauthn/server";
import type { Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import type { PasskeyCredentialsTable } from "../../store/schema.ts";
import { aaguidAllowed } from "./aaguid-allowed.ts";
import type { PasskeyKind } from "./passkey-credential.ts";
import type { PasskeyPolicy } from "./passkey-policy-for.ts";
import { supportedAlgorithmIDs } from "./supported-algorithms.ts";

/** Why a new passkey was refused: each is a stable error code the page puts in words. */
export type PasskeyRegistrationRefusal =
  | "passkey_registration_failed"
  | "passkey_attestation_required"
  | "passkey_model_not_allowed";

/**
 * Checks an authenticator's answer to `navigator.credentials.create()` against the challenge
 * Varco issued (found by the caller, bound to who asked), the relying party, user verification
 * and the tenant's Fido2 settings (attestation, key restrictions), and gives the row to store.
 * A passkey is a platform authenticator's credential; a security key, a roaming one's.
 */
export async function verifyPasskeyRegistration(
  ctx: Context,
  input: {
    user: User;
    policy: PasskeyPolicy;
    response: RegistrationResponseJSON;
    challenge: string;
    name: string;
  },
): Promise<
  { ok: true; row: PasskeyCredentialsTable } | { ok: false; reason: PasskeyRegistrationRefusal }
> {
  const { user, policy, response } = input;
  const relyingParty = ctx.relyingParty;
  if (!relyingParty) return { ok: false, reason: "passkey_registration_failed" };
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({
      response,
      expectedChallenge: input.challenge,
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.id,
      requireUserVerification: policy.isUserVerificationRequired,
      supportedAlgorithmIDs,
    });
  } catch {
    return { ok: false, reason: "passkey_registration_failed" };
  }
  if (!verified.verified) return { ok: false, reason: "passkey_registration_failed" };
  const info = verified.registrationInfo;
  if (policy.isAttestationEnforced && info.fmt === "none")
    return { ok: false, reason: "passkey_attestation_required" };
  const aaguid = info.aaguid.toLowerCase();
  if (!aaguidAllowed(policy, aaguid)) return { ok: false, reason: "passkey_model_not_allowed" };
  const kind: PasskeyKind =
    response.authenticatorAttachment === "cross-platform" ? "securityKey" : "passkey";
  const transports = info.credential.transports ?? response.response.transports ?? [];
  return {
    ok: true,
    row: {
      id: randomUUID(),
      tenant_id: user.tenantId,
      user_id: user.id,
      credential_id: info.credential.id,
      public_key: Buffer.from(info.credential.publicKey).toString("base64url"),
      sign_count: info.credential.counter,
      aaguid,
      kind,
      device_type: info.credentialDeviceType,
      backed_up: info.credentialBackedUp ? 1 : 0,
      transports: transports.length > 0 ? transports.join(",") : null,
      attestation_format: info.fmt,
      name: input.name,
      created_at: ctx.now(),
      last_used_at: null,
      cloned_at: null,
    },
  };
}
