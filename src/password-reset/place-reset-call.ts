import { randomUUID } from "node:crypto";
import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { notifyMonthlyCapReached } from "../methods/phone/notify-monthly-cap.ts";
import { parsePhoneNumber } from "../methods/phone/parse-phone-number.ts";
import { placeCall } from "../methods/phone/place-call.ts";
import { takeSendAllowance } from "../methods/phone/take-send-allowance.ts";
import { phoneDestinationAllowed } from "../phone-settings/phone-destination-allowed.ts";
import { readPhoneSettings } from "../phone-settings/read-phone-settings.ts";
import { setResetCode } from "../store/queries/password-resets.ts";
import { listPhoneMethods } from "../store/queries/phone-methods.ts";
import type { PasswordReset } from "./load-password-reset.ts";
import { offeredMethods } from "./offered-methods.ts";
import { type ResetCode, resetCodeLifetimeMs } from "./reset-state.ts";

/** What a reset's calls are counted for (the cool-down between two calls of one reset). */
export const resetCallSubject = (resetId: string) => `password-reset-call:${resetId}`;

/**
 * "Call my phone": the person types the whole number, as for a text (send-reset-code.ts), and
 * the tenant's provider calls it only when it is one of the user's phones (any of them: a call
 * reaches an office phone too), the tenant's allowed countries take it, and the sending limits
 * allow it (invariant 7). The call asks for # as at sign-in (place-call.ts); the provider's
 * signed callbacks record the answer in its `phone_messages` row, and confirmResetCall reads it.
 * Whatever was typed, and whoever the reset names, the reset then waits for the call by an id:
 * the call's, or one no call has (a number that is not the user's, a reset that names nobody, a
 * call the limits refused), so the page and its answers are the same. The call is asked for
 * after the answer, so the answer's time tells nothing either.
 */
export async function placeResetCall(
  ctx: Context,
  reset: PasswordReset,
  input: { readonly typed: string; readonly language: "it" | "en" },
): Promise<void> {
  if (!(await offeredMethods(ctx, reset)).includes("voice"))
    throw new VarcoError("method_not_offered");
  const number = parsePhoneNumber(input.typed);
  const now = ctx.now();
  const messageId = randomUUID();
  const place = await callToPlace(ctx, reset, { number, messageId, language: input.language, now });
  const waiting: ResetCode = {
    method: "voice",
    hash: "",
    expiresAt: now + resetCodeLifetimeMs,
    messageId,
  };
  await setResetCode(ctx.store.db, reset.row.id, JSON.stringify(waiting));
  if (place) {
    place().catch(() => {
      // placeCall marks a provider's failure on the call's row: the reset then waits for a
      // call that will never approve, and the page must look the same either way.
    });
  }
}

/** The call to place when `number` is one of the user's phones and the limits allow it. */
async function callToPlace(
  ctx: Context,
  reset: PasswordReset,
  input: { number: string; messageId: string; language: "it" | "en"; now: number },
): Promise<(() => Promise<unknown>) | undefined> {
  const { user, tenant } = reset;
  if (!user) return undefined;
  const phone = (await listPhoneMethods(ctx.store.db, user.id)).find(
    (p) => p.phoneNumber === input.number,
  );
  if (!phone) return undefined;
  const settings = await readPhoneSettings(ctx, tenant.id);
  const e164 = phone.phoneNumber.replace(" ", "");
  if (!phoneDestinationAllowed(settings, e164, "voice").ok) return undefined;
  const allowance = await takeSendAllowance(ctx.store, {
    settings,
    tenantId: tenant.id,
    userId: user.id,
    number: e164,
    askedBy: resetCallSubject(reset.row.id),
    now: input.now,
  });
  if (!allowance.ok) return undefined;
  return async () => {
    await placeCall(ctx, settings, {
      messageId: input.messageId,
      tenantId: tenant.id,
      userId: user.id,
      pendingSignInId: null,
      purpose: "passwordReset",
      phoneType: phone.phoneType,
      phoneNumber: phone.phoneNumber,
      language: input.language,
    });
    if (allowance.monthlyCapReachedNow) await notifyMonthlyCapReached(ctx, tenant);
  };
}
