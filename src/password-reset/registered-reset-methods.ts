import type { Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
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
  _tenant: Tenant,
  user: User,
): Promise<readonly PasswordResetMethod[]> {
  const db = ctx.store.db;
  const [oath, phones, passkeys] = await Promise.all([
    listActiveOathSecrets(db, user.id),
    listPhoneMethods(db, user.id),
    listPasskeyCredentials(db, user.id),
  ]);
  const has: Record<PasswordResetMethod, boolean> = {
    email: false,
    sms: phones.some((p) => p.phoneType !== "office"),
    voice: phones.length > 0,
    authenticatorApp: oath.length > 0,
    passkey: passkeys.length > 0,
    securityQuestions: false,
  };
  return (Object.keys(has) as PasswordResetMethod[]).filter((method) => has[method]);
}
