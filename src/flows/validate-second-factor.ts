import type { ApiClient } from "../api-keys/authenticate-api-key.ts";
import type { Context } from "../context.ts";
import { randomBytes } from "../crypto/random.ts";
import { upnKey } from "../directory/upn.ts";
import { matchTotpCode } from "../methods/software-oath/match-code.ts";
import { verifyTotp } from "../otp/verify-totp.ts";
import { logEntryId } from "../store/log-entry-id.ts";
import {
  claimOathStep,
  findUserWithActiveOath,
  incrementFailedAttempts,
  type OathSecretRow,
} from "../store/queries/methods.ts";
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
  | "code_reused";

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
};

// Unknown users get a code check against this key, so they cost what a known user costs.
const decoyKey = randomBytes(20);

/**
 * The validate API's check of a second factor (privacyIDEA's /validate/check): one read of the
 * user and their active OATH methods, the code matched in memory, one conditional write that
 * claims the time step. Every call writes a sign-in log entry. The caller sees only accept or
 * reject: the reason is for the log.
 */
export async function validateSecondFactor(
  ctx: Context,
  client: ApiClient,
  input: ValidateInput,
): Promise<ValidateOutcome> {
  const now = ctx.now();
  const tenantId = client.apiKey.tenantId;
  const found = await findUserWithActiveOath(ctx.store.db, tenantId, upnKey(input.upn));
  const outcome = await decide(ctx, client, input, found, now);
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
    method_kind: outcome.methodId ? "softwareOath" : null,
    correlation_id: input.correlationId,
  });
  return outcome;
}

async function decide(
  ctx: Context,
  client: ApiClient,
  input: ValidateInput,
  found: { userId: string; blocked: boolean; methods: OathSecretRow[] } | undefined,
  now: number,
): Promise<ValidateOutcome> {
  const window = client.tenantPolicy.totpWindow;
  const candidates = input.methodId
    ? (found?.methods.filter((m) => m.id === input.methodId) ?? [])
    : (found?.methods ?? []);
  if (!found || found.blocked || candidates.length === 0) {
    verifyTotp(decoyKey, input.code, {
      timeMs: now,
      period: 30,
      algorithm: "SHA1",
      digits: 6,
      window,
    });
    const reason = !found
      ? "user_not_found"
      : found.blocked
        ? "user_blocked"
        : found.methods.length === 0
          ? "no_method"
          : "method_not_found";
    return { result: "reject", reason };
  }
  const match = matchTotpCode(ctx.keyring, candidates, input.code, now, window);
  if (!match) {
    // Without a chosen method the default one (listed first) carries the failure, as a person would expect.
    await incrementFailedAttempts(ctx.store.db, (candidates[0] as OathSecretRow).id);
    return { result: "reject", reason: "invalid_code" };
  }
  if (!(await claimOathStep(ctx.store.db, match.method.id, match.step, now))) {
    await incrementFailedAttempts(ctx.store.db, match.method.id);
    return { result: "reject", reason: "code_reused" };
  }
  await updateLastSignIn(ctx.store.db, found.userId, now);
  return { result: "accept", reason: "success", methodId: match.method.id };
}
