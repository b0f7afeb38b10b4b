import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { passkeyPolicyFor } from "../methods/passkey/passkey-policy-for.ts";
import { findWebauthnChallenge } from "../methods/passkey/webauthn-challenge.ts";
import type { ClientInfo } from "../sign-in/types.ts";
import { verifyPasskey } from "../sign-in/verify-passkey.ts";
import { findPasskeyByCredentialId } from "../store/queries/passkeys.ts";
import { giveBackResetAttempt, takeResetAttempt } from "../store/queries/password-resets.ts";
import type { PasswordReset } from "./load-password-reset.ts";
import { offeredMethods } from "./offered-methods.ts";
import { recordClaimedProof } from "./record-claimed-proof.ts";
import { maxResetFailures } from "./reset-state.ts";

/**
 * "Use my passkey or security key": the authenticator's answer to the challenge issued to this
 * reset (resetPasskeyOptions). The reset's budget takes the attempt first. The answer is checked
 * as at sign-in (verifyPasskey): a credential of the reset's user, of a model the tenant's Fido2
 * key restrictions let in, not refused as cloned, its signature over this reset's live and
 * unused challenge, with user verification. A right answer spends the challenge and moves the
 * counter with the proof, in one transaction (so a replayed answer proves nothing), and gives
 * the attempt back. A key of another user, an unknown key, a reset that names nobody: the one
 * answer a wrong code gets.
 */
export async function proveResetPasskey(
  ctx: Context,
  reset: PasswordReset,
  response: AuthenticationResponseJSON,
  client: ClientInfo,
): Promise<void> {
  if (!(await offeredMethods(ctx, reset)).includes("passkey"))
    throw new VarcoError("method_not_offered");
  const { row, user, tenant } = reset;
  const now = ctx.now();
  if (!(await takeResetAttempt(ctx.store.db, { id: row.id, max: maxResetFailures, now })))
    throw new VarcoError("password_reset_expired");
  const credential = await findPasskeyByCredentialId(ctx.store.db, tenant.id, response.id);
  if (user) {
    const check = await verifyPasskey(ctx, {
      user,
      credential,
      policy: await passkeyPolicyFor(ctx, tenant.id, user.id),
      response,
      purpose: "passwordReset",
      subject: row.id,
      requireUserVerification: true,
      client,
    });
    if (check.ok && (await recordClaimedProof(ctx, reset, "passkey", now, check.claim.write))) {
      await giveBackResetAttempt(ctx.store.db, row.id);
      return;
    }
  } else {
    // Nobody's reset reads what a user's does before it fails (the key, the challenge).
    await findWebauthnChallenge(ctx, {
      response,
      tenantId: tenant.id,
      purpose: "passwordReset",
      subject: row.id,
    });
  }
  throw new VarcoError("reset_verification_failed");
}
