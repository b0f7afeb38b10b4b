import type { Context } from "../../context.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { regenerateBackupCodes } from "../../methods/backup-codes/regenerate.ts";
import { addPasskey } from "../../methods/passkey/add-passkey.ts";
import { passkeyDisplayName } from "../../methods/passkey/passkey-name.ts";
import { verifyPasskeyRegistration } from "../../methods/passkey/verify-registration.ts";
import { findWebauthnChallenge } from "../../methods/passkey/webauthn-challenge.ts";
import { countUnusedBackupCodes } from "../../store/queries/backup-codes.ts";
import { takePendingAttempt } from "../../store/queries/pending-sign-ins.ts";
import { useWebauthnChallenge } from "../../store/queries/webauthn-challenges.ts";
import { phishingResistant } from "../machine/facts.ts";
import { pendingSignInAttempts } from "../pending-sign-in.ts";
import type { PasskeyRegistrationError } from "../types.ts";
import { userActor } from "../user-actor.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * Registration's "Passkey or security key": the authenticator's new credential, created for the
 * challenge issued to this pending sign-in (used once, here), checked against the tenant's Fido2
 * settings and stored. Registering one proves a phishing-resistant factor: the sign-in's second
 * factor becomes it, which is what a user the tenant requires such a factor of needs.
 */
export async function applyPasskeyRegistration(
  ctx: Context,
  { pending, tenant, user, client, passkeyPolicy }: Continuing,
  event: Extract<ContinuationEvent, { type: "passkeyRegistration" }>,
): Promise<Applied> {
  const { facts } = pending;
  const db = ctx.store.db;
  const logMethod = { id: null, kind: "passkey" };
  const refused = (code: PasskeyRegistrationError): Applied => ({
    facts,
    refusal: { reason: "passkey_registration_failed", code },
    logMethod,
  });
  if (!(await takePendingAttempt(db, pending.id, pendingSignInAttempts)))
    return { facts, refusal: { reason: "sign_in_expired" }, logMethod };
  if (!passkeyPolicy?.enabled || !ctx.relyingParty) return refused("passkey_not_allowed");
  const challenge = await findWebauthnChallenge(ctx, {
    response: event.response,
    tenantId: tenant.id,
    purpose: "registration",
    subject: pending.id,
  });
  if (!challenge || !(await useWebauthnChallenge(db, { hash: challenge.hash, now: ctx.now() })))
    return refused("passkey_registration_failed");
  const verified = await verifyPasskeyRegistration(ctx, {
    user,
    policy: passkeyPolicy,
    response: event.response,
    challenge: challenge.challenge,
    name: event.name,
  });
  if (!verified.ok) return refused(verified.reason);
  const row = { ...verified.row, name: passkeyDisplayName(event.name, verified.row) };
  const actor = userActor(user, client);
  try {
    await addPasskey(ctx, actor, user, row);
  } catch (error) {
    if (isVarcoError(error, "passkey_already_registered"))
      return refused("passkey_already_registered");
    if (isVarcoError(error, "too_many_passkeys")) return refused("too_many_passkeys");
    throw error;
  }
  const backupCodes =
    (await countUnusedBackupCodes(db, user.id)) === 0
      ? await regenerateBackupCodes(ctx, actor, user)
      : undefined;
  const methodId = `passkey:${row.id}`;
  const registered = {
    by: "registration" as const,
    at: ctx.now(),
    methodId: row.id,
    methodKind: row.kind,
  };
  return {
    facts: {
      ...facts,
      registered: [...facts.registered, methodId],
      secondFactor: phishingResistant(facts.secondFactor) ? facts.secondFactor : registered,
    },
    logMethod: { id: row.id, kind: row.kind },
    backupCodes,
  };
}
