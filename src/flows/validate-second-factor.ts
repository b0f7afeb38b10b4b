import { apiCallLogFields } from "../api-keys/api-call-log-fields.ts";
import type { ApiClient } from "../api-keys/authenticate-api-key.ts";
import type { Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import { upnKey } from "../directory/upn.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { decoySubject, verifyDecoySecondFactor } from "../sign-in/verify-decoy-second-factor.ts";
import { verifySecondFactor } from "../sign-in/verify-second-factor.ts";
import { secondFactorCounterKey } from "../store/queries/lockouts.ts";
import { insertSignIn } from "../store/queries/sign-in-log.ts";
import { updateLastSignIn } from "../store/queries/users.ts";
import { takeValidateAttempt } from "../store/queries/validate-attempt.ts";
import { writeBatch } from "../store/write-batch.ts";

/** Why a validate call ended as it did: stable codes, written to the sign-in log. */
export type ValidateReason =
  | "success"
  | "user_not_found"
  | "user_blocked"
  | "no_method"
  | "method_not_found"
  | "invalid_code"
  | "code_reused"
  | "locked_out";

export type ValidateInput = {
  readonly upn: string;
  readonly code: string;
  readonly methodId?: string | undefined;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly correlationId: string | null;
};

export type ValidateOutcome = {
  readonly result: "accept" | "reject";
  readonly reason: ValidateReason;
  readonly methodId?: string;
  /** For the sign-in log only. */
  readonly methodKind?: string;
};

/**
 * The validate API's check of a second factor (privacyIDEA's /validate/check): one read of the
 * user and their active OATH methods that also counts the attempt (takeValidateAttempt), then
 * the shared second-factor check (lockout, match, single-use claim), or for a UPN that gets no
 * real check a decoy that costs the same. Every call writes a sign-in log entry, in one batch
 * with the writes that decide nothing: on PostgreSQL a call costs three round trips at most
 * (the read, the claim of an accepted code, the batch). The caller sees only accept or reject:
 * the reason is for the log. `reread` reads the API key again when PostgreSQL finds it revoked
 * or its tenant's policy changed since it was read; undefined when it is no longer live.
 */
export async function validateSecondFactor(
  ctx: Context,
  client: ApiClient,
  input: ValidateInput,
  reread: () => Promise<ApiClient | undefined>,
): Promise<ValidateOutcome> {
  const now = ctx.now();
  const key = upnKey(input.upn);
  const db = ctx.store.db;
  const take = (from: ApiClient) =>
    takeValidateAttempt(db, ctx.store.kind, {
      apiKeyId: from.apiKey.id,
      policyJson: from.policyJson,
      tenantId: from.apiKey.tenantId,
      upnKey: key,
      decoyCounterKey: secondFactorCounterKey(decoySubject(from.apiKey.tenantId, key)),
      now,
      windowMs: from.tenantPolicy.lockoutResetMinutes * 60_000,
    });
  let attempt = await take(client);
  if (!attempt) {
    const again = await reread();
    if (!again) throw new VarcoError("unauthorized", "a live API key is required");
    client = again;
    attempt = await take(client);
    if (!attempt) throw new VarcoError("unauthorized", "a live API key is required");
  }
  const tenantId = client.apiKey.tenantId;
  const policy = client.tenantPolicy;
  const found = attempt.user;
  const later = writeBatch();
  const taken = { count: attempt.count, expiresAt: attempt.expiresAt };
  let outcome: ValidateOutcome;
  if (!found || attempt.counterKey !== secondFactorCounterKey(found.userId)) {
    await verifyDecoySecondFactor(ctx, policy, tenantId, key, input, { taken, later });
    outcome = {
      result: "reject",
      reason: !found ? "user_not_found" : isBlocked(found, now) ? "user_blocked" : "no_method",
    };
  } else {
    const check = await verifySecondFactor(
      ctx,
      policy,
      found.userId,
      found.methods,
      { kind: "code", code: input.code, methodId: input.methodId },
      { taken, later },
    );
    if (check.ok && check.methodId) {
      await updateLastSignIn(db, found.userId, now, later);
      outcome = {
        result: "accept",
        reason: "success",
        methodId: check.methodId,
        methodKind: check.methodKind,
      };
    } else {
      outcome = { result: "reject", reason: check.ok ? "invalid_code" : check.reason };
    }
  }
  await insertSignIn(
    db,
    {
      ...apiCallLogFields(client, input, now, found?.userId ?? null),
      result: outcome.result === "accept" ? "success" : "failure",
      reason: outcome.reason,
      method_id: outcome.methodId ?? null,
      method_kind: outcome.methodKind ?? null,
      mfa: outcome.result === "accept" ? "code" : null,
      first_factor: null,
    },
    later,
  );
  await later.run(db);
  return outcome;
}
