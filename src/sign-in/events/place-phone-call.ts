import { randomUUID } from "node:crypto";
import type { Context } from "../../context.ts";
import { maskPhoneNumber } from "../../methods/phone/mask-phone-number.ts";
import { notifyMonthlyCapReached } from "../../methods/phone/notify-monthly-cap.ts";
import { placeCall } from "../../methods/phone/place-call.ts";
import { takeSendAllowance } from "../../methods/phone/take-send-allowance.ts";
import { phoneDestinationAllowed } from "../../phone-settings/phone-destination-allowed.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * "Call +39 ••• 12" (seed 001 "Impostazioni telefonata"): the tenant's provider calls one of the
 * user's phones, which says the greeting and asks for # to approve or the fraud code to report.
 * Counted before it is placed as an SMS is (invariant 7); the browser then waits for the answer
 * (the secondFactor event with the proof `phoneCall`).
 */
export async function applyPlacePhoneCall(
  ctx: Context,
  { pending, tenant, user, phones, phoneUse }: Continuing,
  event: Extract<ContinuationEvent, { type: "placePhoneCall" }>,
): Promise<Applied> {
  const { facts } = pending;
  const logMethod = { id: `voice:${event.phoneType}`, kind: "voice" };
  const phone = phones.find((p) => p.phoneType === event.phoneType);
  const { settings } = phoneUse;
  if (!phone || !phoneUse.voice || !settings)
    return {
      facts,
      refusal: { reason: "phone_method_unavailable" },
      logMethod,
      situationUnchanged: true,
    };
  if (!phoneDestinationAllowed(settings, phone.phoneNumber.replace(" ", ""), "voice").ok)
    return {
      facts,
      refusal: { reason: "phone_number_not_allowed" },
      logMethod,
      situationUnchanged: true,
    };
  const now = ctx.now();
  const allowance = await takeSendAllowance(ctx.store, {
    settings,
    tenantId: tenant.id,
    userId: user.id,
    number: phone.phoneNumber.replace(" ", ""),
    askedBy: `sign-in:${pending.id}`,
    now,
  });
  if (!allowance.ok) {
    const refusal =
      allowance.reason === "phone_code_cooldown"
        ? { reason: allowance.reason, retryAt: allowance.retryAt ?? now }
        : { reason: allowance.reason };
    return { facts, refusal, logMethod, situationUnchanged: true };
  }
  const messageId = randomUUID();
  return {
    facts: {
      ...facts,
      phoneCall: {
        messageId,
        phoneType: phone.phoneType,
        maskedNumber: maskPhoneNumber(phone.phoneNumber),
        placedAt: now,
        againAt: now + settings.resendCooldownSeconds * 1000,
      },
    },
    logMethod,
    situationUnchanged: true,
    deliver: async () => {
      const placed = await placeCall(ctx, settings, {
        messageId,
        tenantId: tenant.id,
        userId: user.id,
        pendingSignInId: pending.id,
        purpose: "signIn",
        phoneType: phone.phoneType,
        phoneNumber: phone.phoneNumber,
        language: event.language,
      });
      if (allowance.monthlyCapReachedNow) await notifyMonthlyCapReached(ctx, tenant);
      return placed;
    },
  };
}
