import type { ApiClient } from "../api-keys/authenticate-api-key.ts";
import type { Context } from "../context.ts";
import { randomBytes } from "../crypto/random.ts";
import { upnKey } from "../directory/upn.ts";
import { matchTotpCode } from "../methods/software-oath/match-code.ts";
import { verifyTotp } from "../otp/verify-totp.ts";
import { logEntryId } from "../store/log-entry-id.ts";
import type { Db } from "../store/open-store.ts";
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
 * user and their active OATH methods, the code matched in memory, then one transaction that
 * claims the time step (or counts the failure) and writes the sign-in log entry. The caller sees
 * only accept or reject: the reason is for the log.
 */
export async function validateSecondFactor(
  ctx: Context,
  client: ApiClient,
  input: ValidateInput,
): Promise<ValidateOutcome> {
  const now = ctx.now();
  const tenantId = client.apiKey.tenantId;
  const found = await findUserWithActiveOath(ctx.store.db, tenantId, upnKey(input.upn));
  const check = checkCode(ctx, client, input, found, now);
  return ctx.store.transaction(async (tx) => {
    const outcome = await recordCheck(tx, check, found?.userId, now);
    await insertSignIn(tx, {
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
  });
}

/** What the code check found, before anything is written. */
type CodeCheck =
  | { readonly kind: "refused"; readonly reason: ValidateReason }
  | { readonly kind: "failed"; readonly reason: ValidateReason; readonly methodId: string }
  | { readonly kind: "matched"; readonly methodId: string; readonly step: number };

function checkCode(
  ctx: Context,
  client: ApiClient,
  input: ValidateInput,
  found: { userId: string; blocked: boolean; methods: OathSecretRow[] } | undefined,
  now: number,
): CodeCheck {
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
    return { kind: "refused", reason };
  }
  const match = matchTotpCode(ctx.keyring, candidates, input.code, now, window);
  if (!match) {
    // Without a chosen method the default one (listed first) carries the failure, as a person would expect.
    return {
      kind: "failed",
      reason: "invalid_code",
      methodId: (candidates[0] as OathSecretRow).id,
    };
  }
  const { lastStep } = match.method;
  if (lastStep !== null && match.step <= lastStep) {
    // Already spent when we read it: no claim to attempt.
    return { kind: "failed", reason: "code_reused", methodId: match.method.id };
  }
  return { kind: "matched", methodId: match.method.id, step: match.step };
}

/** The writes of one check. The claim is the conditional write that makes a code single-use. */
async function recordCheck(
  tx: Db,
  check: CodeCheck,
  userId: string | undefined,
  now: number,
): Promise<ValidateOutcome> {
  switch (check.kind) {
    case "refused":
      return { result: "reject", reason: check.reason };
    case "failed":
      await incrementFailedAttempts(tx, check.methodId);
      return { result: "reject", reason: check.reason };
    case "matched":
      if (!(await claimOathStep(tx, check.methodId, check.step, now))) {
        // Claimed by a concurrent request since our read.
        await incrementFailedAttempts(tx, check.methodId);
        return { result: "reject", reason: "code_reused" };
      }
      await updateLastSignIn(tx, userId as string, now);
      return { result: "accept", reason: "success", methodId: check.methodId };
  }
}
