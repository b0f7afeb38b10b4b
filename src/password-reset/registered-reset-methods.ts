import type { Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import { emailMethodOf } from "../methods/email/email-method-of.ts";
import { registeredSecurityQuestions } from "../methods/security-questions/registered-questions.ts";
import type { PasswordResetMethod } from "../policy/password-reset/password-reset-methods.ts";
import { listActiveOathSecrets } from "../store/queries/methods.ts";
import { listPasskeyCredentials } from "../store/queries/passkeys.ts";
import { listPhoneMethods } from "../store/queries/phone-methods.ts";

/**
 * The reset methods a user has registered, whatever the tenant allows: an active app or token,
 * a mobile (SMS), any phone (a call), a passkey, an authentication e-mail, security questions.
 */
export async function registeredResetMethods(
  ctx: Context,
  tenant: Tenant,
  user: User,
): Promise<readonly PasswordResetMethod[]> {
  const db = ctx.store.db;
  const [oath, phones, passkeys, email, questions] = await Promise.all([
    listActiveOathSecrets(db, user.id),
    listPhoneMethods(db, user.id),
    listPasskeyCredentials(db, user.id),
    emailMethodOf(ctx, user.id),
    registeredSecurityQuestions(ctx, user.id),
  ]);
  const has: Record<PasswordResetMethod, boolean> = {
    email: email !== undefined,
    sms: phones.some((p) => p.phoneType !== "office"),
    voice: phones.length > 0,
    authenticatorApp: oath.length > 0,
    passkey: passkeys.length > 0,
    // A set smaller than a reset now asks for (the tenant raised it) cannot reset.
    securityQuestions:
      questions.length > 0 && questions.length >= tenant.policy.securityQuestionsToAnswer,
  };
  return (Object.keys(has) as PasswordResetMethod[]).filter((method) => has[method]);
}
