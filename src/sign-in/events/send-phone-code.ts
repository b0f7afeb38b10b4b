import { randomUUID } from "node:crypto";
import type { Context } from "../../context.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { deliverSms } from "../../methods/phone/deliver-sms.ts";
import { maskPhoneNumber } from "../../methods/phone/mask-phone-number.ts";
import { notifyMonthlyCapReached } from "../../methods/phone/notify-monthly-cap.ts";
import { parsePhoneNumber } from "../../methods/phone/parse-phone-number.ts";
import { newSmsCode, smsCodeHash } from "../../methods/phone/sms-code.ts";
import { smsCodeText } from "../../methods/phone/sms-text.ts";
import { takeSendAllowance } from "../../methods/phone/take-send-allowance.ts";
import { phoneDestinationAllowed } from "../../phone-settings/phone-destination-allowed.ts";
import type { PhoneCodeFact } from "../machine/facts.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * "Text +39 ••• 12" on the code prompt, and "Send again": a new code by SMS to one of the user's
 * mobiles. It replaces the code sent before; the attempts already used stay used (the pending
 * sign-in's budget and the user's lockout are counted elsewhere, never reset by a new code).
 */
export function applySendPhoneCode(
  ctx: Context,
  continuing: Continuing,
  event: Extract<ContinuationEvent, { type: "sendPhoneCode" }>,
): Promise<Applied> {
  const { facts } = continuing.pending;
  const logMethod = { id: event.phoneType, kind: "sms" };
  const phone = continuing.phones.find(
    (p) => p.phoneType === event.phoneType && p.phoneType !== "office",
  );
  if (!phone || !continuing.phoneUse.sms)
    return Promise.resolve({
      facts,
      refusal: { reason: "phone_method_unavailable" },
      logMethod,
      situationUnchanged: true,
    });
  return sendCode(ctx, continuing, {
    phoneType: phone.phoneType,
    phoneNumber: phone.phoneNumber,
    language: event.language,
    registering: false,
  });
}

/**
 * "Method 2 of 2: Phone" (seed 000): the number the user typed gets a code, and becomes the
 * user's phone once the code comes back (phone-registration.ts). It goes in as the mobile, or as
 * the alternate mobile when the user has a mobile already.
 */
export function applySendRegistrationCode(
  ctx: Context,
  continuing: Continuing,
  event: Extract<ContinuationEvent, { type: "sendRegistrationCode" }>,
): Promise<Applied> {
  const { facts } = continuing.pending;
  const logMethod = { id: null, kind: "sms" };
  if (!continuing.phoneUse.sms)
    return Promise.resolve({
      facts,
      refusal: { reason: "phone_method_unavailable" },
      logMethod,
      situationUnchanged: true,
    });
  let phoneNumber: string;
  try {
    phoneNumber = parsePhoneNumber(event.phoneNumber);
  } catch (error) {
    if (isVarcoError(error, "phone_country_code_required"))
      return Promise.resolve({
        facts,
        refusal: { reason: "phone_country_code_required" },
        logMethod,
      });
    if (isVarcoError(error, "invalid_phone_number"))
      return Promise.resolve({ facts, refusal: { reason: "invalid_phone_number" }, logMethod });
    throw error;
  }
  const taken = new Set(continuing.phones.map((p) => p.phoneType));
  const phoneType = !taken.has("mobile")
    ? "mobile"
    : !taken.has("alternateMobile")
      ? "alternateMobile"
      : undefined;
  if (!phoneType)
    return Promise.resolve({
      facts,
      refusal: { reason: "phone_method_unavailable" },
      logMethod,
      situationUnchanged: true,
    });
  return sendCode(ctx, continuing, {
    phoneType,
    phoneNumber,
    language: event.language,
    registering: true,
  });
}

async function sendCode(
  ctx: Context,
  { pending, tenant, user, phoneUse }: Continuing,
  to: {
    phoneType: string;
    phoneNumber: string;
    language: "it" | "en";
    registering: boolean;
  },
): Promise<Applied> {
  const { facts } = pending;
  const logMethod = { id: to.registering ? null : to.phoneType, kind: "sms" };
  const { settings } = phoneUse;
  if (!settings)
    return {
      facts,
      refusal: { reason: "phone_method_unavailable" },
      logMethod,
      situationUnchanged: true,
    };
  const allowed = phoneDestinationAllowed(settings, to.phoneNumber.replace(" ", ""), "sms");
  if (!allowed.ok)
    return {
      facts,
      refusal: { reason: "phone_number_not_allowed" },
      logMethod,
      situationUnchanged: true,
    };
  const now = ctx.now();
  const boundTo = `sign-in:${pending.id}`;
  const allowance = await takeSendAllowance(ctx.store, {
    settings,
    tenantId: tenant.id,
    userId: user.id,
    number: to.phoneNumber.replace(" ", ""),
    askedBy: boundTo,
    now,
  });
  if (!allowance.ok) {
    const refusal =
      allowance.reason === "phone_code_cooldown"
        ? { reason: allowance.reason, retryAt: allowance.retryAt ?? now }
        : { reason: allowance.reason };
    return { facts, refusal, logMethod, situationUnchanged: true };
  }
  const code = newSmsCode(settings.codeLength);
  const messageId = randomUUID();
  const phoneCode: PhoneCodeFact = {
    messageId,
    phoneType: to.phoneType,
    ...(to.registering ? { phoneNumber: to.phoneNumber } : {}),
    maskedNumber: maskPhoneNumber(to.phoneNumber),
    hash: smsCodeHash(ctx.keyring, boundTo, code),
    sentAt: now,
    expiresAt: now + settings.codeLifetimeMinutes * 60_000,
    resendAt: now + settings.resendCooldownSeconds * 1000,
  };
  const host = ctx.phone ? new URL(ctx.phone.publicUrl).host : "";
  return {
    facts: { ...facts, phoneCode },
    logMethod,
    situationUnchanged: true,
    deliver: async () => {
      const delivery = await deliverSms(
        ctx,
        settings,
        {
          tenantId: tenant.id,
          userId: user.id,
          purpose: to.registering ? "registration" : "signIn",
          pendingSignInId: pending.id,
          phoneType: to.phoneType,
          phoneNumber: to.phoneNumber,
          text: smsCodeText({ language: to.language, tenantName: tenant.displayName, code, host }),
        },
        messageId,
      );
      if (allowance.monthlyCapReachedNow) await notifyMonthlyCapReached(ctx, tenant);
      return delivery.sent;
    },
  };
}
