import { apiCallLogFields } from "../api-keys/api-call-log-fields.ts";
import type { ApiClient } from "../api-keys/authenticate-api-key.ts";
import type { Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import { upnKey } from "../directory/upn.ts";
import { verifyChallengeCode } from "../sign-in/verify-challenge-code.ts";
import { verifyDecoySecondFactor } from "../sign-in/verify-decoy-second-factor.ts";
import { insertSignIn } from "../store/queries/sign-in-log.ts";
import { findUserByUpn, updateLastSignIn } from "../store/queries/users.ts";
import type { ValidateInput, ValidateOutcome } from "./validate-second-factor.ts";

/**
 * The second call of the validate API's challenge mode: the UPN, the code that came by SMS and
 * the transaction id of the first call. Accepted once (verify-challenge-code.ts); a UPN that gets
 * no real check pays a decoy's cost, and every kind of refusal answers the same `reject`. One
 * sign-in log entry per call.
 */
export async function validateChallengeCode(
  ctx: Context,
  client: ApiClient,
  input: ValidateInput & { readonly transactionId: string },
): Promise<ValidateOutcome> {
  const now = ctx.now();
  const db = ctx.store.db;
  const tenantId = client.apiKey.tenantId;
  const policy = client.tenantPolicy;
  const key = upnKey(input.upn);
  const user = await findUserByUpn(db, tenantId, key);
  let outcome: ValidateOutcome;
  if (!user || isBlocked(user, now)) {
    await verifyDecoySecondFactor(ctx, policy, tenantId, key, { code: input.code });
    outcome = { result: "reject", reason: user ? "user_blocked" : "user_not_found" };
  } else {
    const check = await verifyChallengeCode(ctx, policy, user.id, {
      transactionId: input.transactionId,
      code: input.code,
    });
    if (check.ok) {
      await updateLastSignIn(db, user.id, now);
      outcome = { result: "accept", reason: "success", methodKind: "sms" };
    } else {
      outcome = { result: "reject", reason: check.reason };
    }
  }
  await insertSignIn(db, {
    ...apiCallLogFields(client, input, now, user?.id ?? null),
    result: outcome.result === "accept" ? "success" : "failure",
    reason: outcome.reason,
    method_id: null,
    method_kind: "sms",
    mfa: outcome.result === "accept" ? "code" : null,
    first_factor: null,
  });
  return outcome;
}
