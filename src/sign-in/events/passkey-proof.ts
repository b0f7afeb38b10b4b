import type { Context } from "../../context.ts";
import { findPasskeyByCredentialId } from "../../store/queries/passkeys.ts";
import { takePendingAttempt } from "../../store/queries/pending-sign-ins.ts";
import { pendingSignInAttempts } from "../pending-sign-in.ts";
import { verifyPasskey } from "../verify-passkey.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * A passkey or security key as the second factor, after the password or a pass: its signature
 * over the challenge issued to this pending sign-in. A failure takes one of the sign-in's
 * attempts but not the user's lockout: a signature cannot be guessed, so there is nothing to
 * slow down. The challenge and the counter are claimed with the step the key allows.
 */
export async function applyPasskeyProof(
  ctx: Context,
  { pending, tenant, user, client, passkeyPolicy }: Continuing,
  event: Extract<ContinuationEvent, { type: "secondFactor" }>,
): Promise<Applied> {
  const { facts } = pending;
  if (event.proof.kind !== "passkey") throw new Error("a passkey proof is needed");
  const { response } = event.proof;
  const credential = await findPasskeyByCredentialId(ctx.store.db, tenant.id, response.id);
  const logMethod = { id: credential?.id ?? null, kind: credential?.kind ?? "passkey" };
  if (!(await takePendingAttempt(ctx.store.db, pending.id, pendingSignInAttempts)))
    return { facts, refusal: { reason: "sign_in_expired" }, logMethod };
  const check = await verifyPasskey(ctx, {
    user,
    credential,
    policy: passkeyPolicy,
    response,
    purpose: "secondFactor",
    subject: pending.id,
    requireUserVerification: passkeyPolicy?.isUserVerificationRequired ?? true,
    client,
  });
  if (!check.ok || !credential)
    return { facts, refusal: { reason: check.ok ? "passkey_failed" : check.reason }, logMethod };
  return {
    facts: {
      ...facts,
      secondFactor: {
        by: "passkey",
        at: ctx.now(),
        methodId: credential.id,
        methodKind: credential.kind,
      },
      rememberDevice: event.rememberDevice,
    },
    logMethod,
    situationUnchanged: true,
    proofToClaim: {
      ...check.claim,
      ifLost: { facts, refusal: { reason: "passkey_failed" }, logMethod },
    },
  };
}
