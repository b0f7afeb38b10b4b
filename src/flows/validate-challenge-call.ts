import { apiCallLogFields } from "../api-keys/api-call-log-fields.ts";
import type { ApiClient } from "../api-keys/authenticate-api-key.ts";
import type { Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import { upnKey } from "../directory/upn.ts";
import { findPhoneMessage, useApprovedUserCall } from "../store/queries/phone-messages.ts";
import { insertSignIn } from "../store/queries/sign-in-log.ts";
import { findUserByUpn, updateLastSignIn } from "../store/queries/users.ts";
import type { ChallengeInput } from "./trigger-validate-challenge.ts";

export type CallCheckReason =
  | "success"
  | "user_not_found"
  | "user_blocked"
  | "phone_call_waiting"
  | "phone_call_denied";

/**
 * The second call of challenge mode by phone: the UPN and the transaction id alone ask whether
 * the call was approved with #. An approved call is spent by the call that finds it (invariant 1):
 * `accept` once; a call still ringing or waiting for a key, `reject` with `phone_call_waiting` in
 * the log (the gateway asks again); a denied, reported, unanswered or failed call, or any other
 * transaction id, `reject`. What the user pressed was recorded by the provider's signed callbacks
 * (voice-call-routes.ts), which also counted a denial towards the lockout and reported the fraud
 * code; nothing here is a guess, so nothing here is counted.
 */
export async function validateChallengeCall(
  ctx: Context,
  client: ApiClient,
  input: Omit<ChallengeInput, "channel" | "onSendFailure"> & { readonly transactionId: string },
): Promise<{ result: "accept" | "reject"; reason: CallCheckReason }> {
  const now = ctx.now();
  const db = ctx.store.db;
  const tenantId = client.apiKey.tenantId;
  const user = await findUserByUpn(db, tenantId, upnKey(input.upn));
  let reason: CallCheckReason;
  if (!user) reason = "user_not_found";
  else if (isBlocked(user, now)) reason = "user_blocked";
  else {
    const call = await findPhoneMessage(db, input.transactionId);
    const ours =
      call?.user_id === user.id && call.purpose === "validate" && call.channel === "voice";
    if (ours && call.status === "calling") reason = "phone_call_waiting";
    else if (
      ours &&
      (await useApprovedUserCall(db, { id: call.id, userId: user.id, purpose: "validate", now }))
    )
      reason = "success";
    else reason = "phone_call_denied";
  }
  if (reason === "success" && user) await updateLastSignIn(db, user.id, now);
  await insertSignIn(db, {
    ...apiCallLogFields(client, input, now, user?.id ?? null),
    result: reason === "success" ? "success" : "failure",
    reason,
    method_id: null,
    method_kind: "voice",
    mfa: reason === "success" ? "phoneCall" : null,
    first_factor: null,
  });
  return { result: reason === "success" ? "accept" : "reject", reason };
}
