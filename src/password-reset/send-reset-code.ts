import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { emailMethodEnabledFor } from "../methods/email/email-method-enabled.ts";
import { emailMethodOf } from "../methods/email/email-method-of.ts";
import { emailAddressKey, parseEmailAddress } from "../methods/email/parse-email-address.ts";
import { sendEmailCode } from "../methods/email/send-email-code.ts";
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
 * "Text my mobile phone", "Email my authentication address": the person types the whole number
 * or address (Entra's SSPR asks the same), and a code goes out only when it is the user's own
 * mobile or authentication e-mail. Whatever was typed, and whoever the
 * reset names, the reset then waits for a code: a number that is not the user's, or a reset that
 * names nobody, waits for one that was never sent. The message goes out after the answer, so the
 * time of the answer does not tell a right number from a wrong one. A message the sending limits
 * refuse is not sent, silently for the same reason (the limits are counted and logged).
 */
export async function sendResetCode(
  ctx: Context,
  reset: PasswordReset,
  input: {
    readonly method: "sms" | "email";
    readonly typed: string;
    readonly language: "it" | "en";
  },
): Promise<void> {
  if (!(await offeredMethods(ctx, reset)).includes(input.method))
    throw new VarcoError("method_not_offered");
  const now = ctx.now();
  const code = newSmsCode(6);
  const subject = resetCodeSubject(reset.row.id);
  // An e-mailed code is kept by the e-mail method itself (email_codes); the reset only notes
  // that one waits. An SMS code is kept here, as its keyed hash.
  const waiting: ResetCode = {
    method: input.method,
    hash: input.method === "sms" ? smsCodeHash(ctx.keyring, subject, code) : "",
    expiresAt: now + resetCodeLifetimeMs,
  };
  const deliver =
    input.method === "sms"
      ? await smsToSend(ctx, reset, {
          number: parsePhoneNumber(input.typed),
          code,
          language: input.language,
          now,
        })
      : await emailToSend(ctx, reset, {
          address: parseEmailAddress(input.typed),
          language: input.language,
        });
  await setResetCode(ctx.store.db, reset.row.id, JSON.stringify(waiting));
  if (deliver) {
    deliver().catch(() => {
      // deliverSms records a gateway's failure itself, and a mail server's refusal leaves a code
      // nobody has: nothing else is owed to this page, which must look the same either way.
    });
  }
}

/**
 * The e-mail of a code when `address` is the user's authentication e-mail and the method is
 * enabled for them: the code is drawn, stored and counted against the limits as it is sent.
 */
async function emailToSend(
  ctx: Context,
  reset: PasswordReset,
  input: { address: string; language: "it" | "en" },
): Promise<(() => Promise<unknown>) | undefined> {
  const { user, tenant } = reset;
  if (!user) return undefined;
  const registered = await emailMethodOf(ctx, user.id);
  if (!registered || emailAddressKey(registered.address) !== emailAddressKey(input.address))
    return undefined;
  if (!(await emailMethodEnabledFor(ctx, tenant.id, user.id))) return undefined;
  return () =>
    sendEmailCode(ctx, tenant, user, {
      purpose: "passwordReset",
      boundTo: resetCodeSubject(reset.row.id),
      address: registered.address,
      language: input.language,
    });
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
