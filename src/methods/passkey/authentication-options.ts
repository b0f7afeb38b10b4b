import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { PasskeyCredentialsTable } from "../../store/schema.ts";
import { type ChallengePurpose, issueWebauthnChallenge } from "./webauthn-challenge.ts";

/**
 * The options for `navigator.credentials.get()`: a challenge bound to `subject`, and the keys of
 * the user the sign-in names (none for a passwordless sign-in, where the browser offers the
 * passkeys it has for Varco). A passwordless sign-in always requires user verification: the key
 * is then both factors.
 */
export async function passkeyAuthenticationOptions(
  ctx: Context,
  input: {
    tenantId: string;
    purpose: Exclude<ChallengePurpose, "registration">;
    subject: string;
    userId: string | null;
    credentials: readonly PasskeyCredentialsTable[];
    userVerificationRequired: boolean;
  },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const relyingParty = ctx.relyingParty;
  if (!relyingParty) throw new VarcoError("passkeys_unavailable");
  const challenge = await issueWebauthnChallenge(ctx, input);
  return generateAuthenticationOptions({
    rpID: relyingParty.id,
    // As bytes: a string would be taken as UTF-8 text and encoded once more.
    challenge: new Uint8Array(Buffer.from(challenge, "base64url")),
    timeout: 120_000,
    userVerification:
      input.purpose === "passwordless" || input.userVerificationRequired ? "required" : "preferred",
    allowCredentials: input.credentials.map((row) => ({
      id: row.credential_id,
      ...(row.transports ? { transports: row.transports.split(",") } : {}),
    })),
  });
}
