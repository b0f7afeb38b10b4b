import { randomUUID } from "node:crypto";
import { apiCallLogFields } from "../api-keys/api-call-log-fields.ts";
import type { ApiClient } from "../api-keys/authenticate-api-key.ts";
import type { Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import { upnKey } from "../directory/upn.ts";
import {
  handSmsToGateway,
  recordOutgoingSms,
  type SmsToDeliver,
} from "../methods/phone/deliver-sms.ts";
import { notifyMonthlyCapReached } from "../methods/phone/notify-monthly-cap.ts";
import { phoneUseFor } from "../methods/phone/phone-use.ts";
import { placeCall } from "../methods/phone/place-call.ts";
import { newSmsCode, smsCodeHash } from "../methods/phone/sms-code.ts";
import { smsCodeText } from "../methods/phone/sms-text.ts";
import { takeSendAllowance } from "../methods/phone/take-send-allowance.ts";
import { phoneDestinationAllowed } from "../phone-settings/phone-destination-allowed.ts";
import { incrementCounterSet } from "../store/queries/counters.ts";
import { listPhoneMethods } from "../store/queries/phone-methods.ts";
import { insertSignIn } from "../store/queries/sign-in-log.ts";
import { findTenantById } from "../store/queries/tenants.ts";
import { findUserByUpn } from "../store/queries/users.ts";

/** Why a challenge call ended as it did: for the sign-in log only. */
export type ChallengeReason =
  | "challenge_sent"
  | "user_not_found"
  | "user_blocked"
  | "no_method"
  | "phone_code_cooldown"
  | "phone_limit_reached"
  | "phone_number_not_allowed";

export type ChallengeInput = {
  readonly upn: string;
  /** A code by SMS (the default), or a call that asks to press #. */
  readonly channel: "sms" | "voice";
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly correlationId: string | null;
  /** What the gateway's failure to send is told to (the server log), after the answer. */
  readonly onSendFailure: (error: unknown) => void;
};

/**
 * The validate API's challenge mode (privacyIDEA's `triggerchallenge`), for gateways that cannot
 * show a page: a UPN without a code sends a code by SMS to the user's mobile, or places a call to
 * the user's phone, and answers a transaction id, which the second call brings with the code
 * (validate-challenge-code.ts), or alone to ask whether the call was approved
 * (validate-challenge-call.ts). The
 * answer is a transaction id whatever happened (no oracle): an unknown user, one without a
 * mobile, or one over a limit gets an id that no code will ever match, and the reason goes to
 * the sign-in log. The message is handed to the gateway after the answer, so that its time
 * tells nobody whether one was sent.
 */
export async function triggerValidateChallenge(
  ctx: Context,
  client: ApiClient,
  input: ChallengeInput,
): Promise<{ transactionId: string; reason: ChallengeReason }> {
  const now = ctx.now();
  const db = ctx.store.db;
  const tenantId = client.apiKey.tenantId;
  const transactionId = randomUUID();
  const user = await findUserByUpn(db, tenantId, upnKey(input.upn));
  const sent =
    user && !isBlocked(user, now)
      ? await (input.channel === "voice" ? callChallenge : sendChallenge)(
          ctx,
          { tenantId, userId: user.id, transactionId },
          input,
        )
      : undefined;
  const reason: ChallengeReason = !user
    ? "user_not_found"
    : isBlocked(user, now)
      ? "user_blocked"
      : (sent ?? "no_method");
  if (reason !== "challenge_sent") {
    // What a real challenge's counters cost, on counters that are nobody's.
    const decoy = `decoy:${tenantId}:${upnKey(input.upn)}`;
    await incrementCounterSet(
      db,
      [{ key: `phone-cooldown:${decoy}`, expiresAt: now + 60_000 }],
      now,
    );
  }
  await insertSignIn(db, {
    ...apiCallLogFields(client, input, now, user?.id ?? null),
    result: reason === "challenge_sent" ? "interrupted" : "failure",
    reason,
    method_id: null,
    method_kind: input.channel,
    mfa: null,
    first_factor: null,
  });
  return { transactionId, reason };
}

/** Sends the challenge's code to the user's first mobile; the reason when none was sent. */
async function sendChallenge(
  ctx: Context,
  at: { tenantId: string; userId: string; transactionId: string },
  input: ChallengeInput,
): Promise<ChallengeReason> {
  const db = ctx.store.db;
  const now = ctx.now();
  const [tenant, phones, use] = await Promise.all([
    findTenantById(db, at.tenantId),
    listPhoneMethods(db, at.userId),
    phoneUseFor(ctx, at.tenantId, at.userId),
  ]);
  const phone = phones.find((p) => p.phoneType !== "office");
  const { settings } = use;
  if (!tenant || !phone || !use.sms || !settings) return "no_method";
  if (!phoneDestinationAllowed(settings, phone.phoneNumber.replace(" ", ""), "sms").ok)
    return "phone_number_not_allowed";
  const allowance = await takeSendAllowance(ctx.store, {
    settings,
    tenantId: at.tenantId,
    userId: at.userId,
    number: phone.phoneNumber.replace(" ", ""),
    askedBy: `validate:${at.userId}`,
    now,
  });
  if (!allowance.ok) return allowance.reason;
  const code = newSmsCode(settings.codeLength);
  const host = ctx.phone ? new URL(ctx.phone.publicUrl).host : "";
  const sms: SmsToDeliver = {
    tenantId: at.tenantId,
    userId: at.userId,
    purpose: "validate",
    pendingSignInId: null,
    phoneType: phone.phoneType,
    phoneNumber: phone.phoneNumber,
    // The validate API knows no page language: the number's country chooses (+39: Italian).
    text: smsCodeText({
      language: phone.phoneNumber.startsWith("+39 ") ? "it" : "en",
      tenantName: tenant.displayName,
      code,
      host,
    }),
    challenge: {
      codeHash: smsCodeHash(ctx.keyring, `validate:${at.transactionId}`, code),
      expiresAt: now + settings.codeLifetimeMinutes * 60_000,
    },
  };
  await recordOutgoingSms(ctx, sms, at.transactionId);
  handSmsToGateway(ctx, settings, sms, at.transactionId).catch(input.onSendFailure);
  if (allowance.monthlyCapReachedNow) await notifyMonthlyCapReached(ctx, tenant);
  return "challenge_sent";
}

/** Places the challenge's call to the user's first phone (a mobile first); the reason when none. */
async function callChallenge(
  ctx: Context,
  at: { tenantId: string; userId: string; transactionId: string },
  input: ChallengeInput,
): Promise<ChallengeReason> {
  const db = ctx.store.db;
  const now = ctx.now();
  const [tenant, phones, use] = await Promise.all([
    findTenantById(db, at.tenantId),
    listPhoneMethods(db, at.userId),
    phoneUseFor(ctx, at.tenantId, at.userId),
  ]);
  const phone = phones[0];
  const { settings } = use;
  if (!tenant || !phone || !use.voice || !settings) return "no_method";
  const number = phone.phoneNumber.replace(" ", "");
  if (!phoneDestinationAllowed(settings, number, "voice").ok) return "phone_number_not_allowed";
  const allowance = await takeSendAllowance(ctx.store, {
    settings,
    tenantId: at.tenantId,
    userId: at.userId,
    number,
    askedBy: `validate:${at.userId}`,
    now,
  });
  if (!allowance.ok) return allowance.reason;
  // The validate API knows no page language: the number's country chooses (+39: Italian).
  const language = phone.phoneNumber.startsWith("+39 ") ? "it" : "en";
  placeCall(ctx, settings, {
    messageId: at.transactionId,
    tenantId: at.tenantId,
    userId: at.userId,
    pendingSignInId: null,
    purpose: "validate",
    phoneType: phone.phoneType,
    phoneNumber: phone.phoneNumber,
    language,
  }).catch(input.onSendFailure);
  if (allowance.monthlyCapReachedNow) await notifyMonthlyCapReached(ctx, tenant);
  return "challenge_sent";
}
