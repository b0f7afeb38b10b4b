import {
  type AuthenticationResponseJSON,
  verifyAuthenticationResponse,
} from "@simplewebauthn/server";
import type { Context } from "../../context.ts";
import type { PasskeyCredentialsTable } from "../../store/schema.ts";

/** What checking a signature found. */
export type AssertionCheck =
  | {
      readonly ok: true;
      readonly newCounter: number;
      /**
       * The authenticator's counter did not move forward (WebAuthn §6.1.1): another copy of the
       * key may exist. Authenticators without a counter (synced passkeys) always send 0.
       */
      readonly counterWentBack: boolean;
    }
  | { readonly ok: false };

/**
 * Checks an authenticator's answer to `navigator.credentials.get()` against the credential it
 * names, the challenge Varco issued (found by the caller), the relying party and user
 * verification. The counter is compared here rather than by the library, so a counter that went
 * back is known (and flagged) instead of being one more failure.
 */
export async function verifyPasskeyAssertion(
  ctx: Context,
  input: {
    credential: PasskeyCredentialsTable;
    response: AuthenticationResponseJSON;
    challenge: string;
    requireUserVerification: boolean;
  },
): Promise<AssertionCheck> {
  const relyingParty = ctx.relyingParty;
  if (!relyingParty) return { ok: false };
  const { credential } = input;
  try {
    const verified = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: input.challenge,
      expectedOrigin: relyingParty.origin,
      expectedRPID: relyingParty.id,
      requireUserVerification: input.requireUserVerification,
      credential: {
        id: credential.credential_id,
        publicKey: new Uint8Array(Buffer.from(credential.public_key, "base64url")),
        counter: 0,
      },
    });
    if (!verified.verified) return { ok: false };
    const newCounter = verified.authenticationInfo.newCounter;
    const stored = Number(credential.sign_count);
    return {
      ok: true,
      newCounter,
      counterWentBack: (newCounter > 0 || stored > 0) && newCounter <= stored,
    };
  } catch {
    return { ok: false };
  }
}
