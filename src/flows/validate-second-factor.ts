import type { ApiClient } from "../api-keys/authenticate-api-key.ts";
import type { Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import { upnKey } from "../directory/upn.ts";
import { verifyDecoySecondFactor } from "../sign-in/verify-decoy-second-factor.ts";
import { verifySecondFactor } from "../sign-in/verify-second-factor.ts";
import { logEntryId } from "../store/log-entry-id.ts";
import { findUserWithActiveOath } from "../store/queries/methods.ts";
import { insertSignIn } from "../store/queries/sign-in-log.ts";
import { updateLastSignIn } from "../store/queries/users.ts";

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
 * user and their active OATH methods, then the shared second-factor check (lockout, match,
 * single-use claim), or for a UPN that gets no real check a decoy that costs the same. Every call
 * writes a sign-in log entry. The caller sees only accept or reject: the reason is for the log.
 */
export async function validateSecondFactor(
  ctx: Context,
  client: ApiClient,
  input: ValidateInput,
): Promise<ValidateOutcome> {
  const now = ctx.now();
  const tenantId = client.apiKey.tenantId;
  const policy = client.tenantPolicy;
  const key = upnKey(input.upn);
  const found = await findUserWithActiveOath(ctx.store.db, tenantId, key);
  let outcome: ValidateOutcome;
  const blocked = found !== undefined && isBlocked(found, now);
  if (!found || blocked || found.methods.length === 0) {
    await verifyDecoySecondFactor(ctx, policy, tenantId, key, input);
    outcome = {
      result: "reject",
      reason: !found ? "user_not_found" : blocked ? "user_blocked" : "no_method",
    };
  } else {
    const check = await verifySecondFactor(ctx, policy, found.userId, found.methods, {
      kind: "code",
      code: input.code,
      methodId: input.methodId,
    });
    if (check.ok && check.methodId) {
      await updateLastSignIn(ctx.store.db, found.userId, now);
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
  await insertSignIn(ctx.store.db, {
    id: logEntryId(),
    tenant_id: tenantId,
    time: now,
    user_id: found?.userId ?? null,
    upn: input.upn.slice(0, 256),
    client: client.apiKey.name,
    ip: input.ip,
    user_agent: input.userAgent?.slice(0, 512) ?? null,
    result: outcome.result === "accept" ? "success" : "failure",
    reason: outcome.reason,
    method_id: outcome.methodId ?? null,
    method_kind: outcome.methodKind ?? null,
    correlation_id: input.correlationId,
    mfa: outcome.result === "accept" ? "code" : null,
    first_factor: null,
  });
  return outcome;
}
