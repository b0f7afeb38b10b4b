import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { deliverSms } from "../methods/phone/deliver-sms.ts";
import { parsePhoneNumber } from "../methods/phone/parse-phone-number.ts";
import { newSmsCode, smsCodeHash } from "../methods/phone/sms-code.ts";
import { smsCodeText } from "../methods/phone/sms-text.ts";
import { takeSendAllowance } from "../methods/phone/take-send-allowance.ts";
import { phoneDestinationAllowed } from "../phone-settings/phone-destination-allowed.ts";
import { readPhoneSettings } from "../phone-settings/read-phone-settings.ts";
import { setResetCode } from "../store/queries/password-resets.ts";
import { listPhoneMethods } from "../store/queries/phone-methods.ts";
import type { PasswordReset } from "./load-password-reset.ts";
import { offeredMethods } from "./offered-methods.ts";
import { type ResetCode, resetCodeLifetimeMs } from "./reset-state.ts";

/** What a reset's code is bound to: a code is worth nothing in another reset or a sign-in. */
export const resetCodeSubject = (resetId: string) => `password-reset:${resetId}`;

/**
 * "Text my mobile phone": the person types the whole number (Entra's SSPR asks the same), and a
 * code goes out only when it is one of the user's mobiles. Whatever was typed, and whoever the
 * reset names, the reset then waits for a code: a number that is not the user's, or a reset that
 * names nobody, waits for one that was never sent. The message goes out after the answer, so the
 * time of the answer does not tell a right number from a wrong one. A message the sending limits
 * refuse is not sent, silently for the same reason (the limits are counted and logged).
 */
export async function sendResetCode(
  ctx: Context,
  reset: PasswordReset,
  input: { readonly method: "sms"; readonly typed: string; readonly language: "it" | "en" },
): Promise<void> {
  if (!(await offeredMethods(ctx, reset)).includes(input.method))
    throw new VarcoError("method_not_offered");
  const number = parsePhoneNumber(input.typed);
  const now = ctx.now();
  const code = newSmsCode(6);
  const subject = resetCodeSubject(reset.row.id);
  const waiting: ResetCode = {
    method: input.method,
    hash: smsCodeHash(ctx.keyring, subject, code),
    expiresAt: now + resetCodeLifetimeMs,
  };
  const deliver = await smsToSend(ctx, reset, { number, code, language: input.language, now });
  await setResetCode(ctx.store.db, reset.row.id, JSON.stringify(waiting));
  if (deliver) {
    deliver().catch(() => {
      // deliverSms records a gateway's failure itself; nothing else is owed to this page.
    });
  }
}

/** The delivery of the code when `number` is one of the user's mobiles and the limits allow it. */
async function smsToSend(
  ctx: Context,
  reset: PasswordReset,
  input: { number: string; code: string; language: "it" | "en"; now: number },
): Promise<(() => Promise<unknown>) | undefined> {
  const { user, tenant } = reset;
  if (!user) return undefined;
  const phone = (await listPhoneMethods(ctx.store.db, user.id)).find(
    (p) => p.phoneType !== "office" && p.phoneNumber === input.number,
  );
  if (!phone) return undefined;
  const settings = await readPhoneSettings(ctx, tenant.id);
  const e164 = phone.phoneNumber.replace(" ", "");
  if (!phoneDestinationAllowed(settings, e164, "sms").ok) return undefined;
  const allowance = await takeSendAllowance(ctx.store, {
    settings,
    tenantId: tenant.id,
    userId: user.id,
    number: e164,
    askedBy: resetCodeSubject(reset.row.id),
    now: input.now,
  });
  if (!allowance.ok) return undefined;
  const host = ctx.phone ? new URL(ctx.phone.publicUrl).host : "";
  return () =>
    deliverSms(ctx, settings, {
      tenantId: tenant.id,
      userId: user.id,
      purpose: "passwordReset",
      pendingSignInId: null,
      phoneType: phone.phoneType,
      phoneNumber: phone.phoneNumber,
      text: smsCodeText({
        language: input.language,
        tenantName: tenant.displayName,
        code: input.code,
        host,
      }),
    });
}
