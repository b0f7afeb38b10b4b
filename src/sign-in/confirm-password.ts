import type { Context } from "../context.ts";
import { verifyPassword } from "../crypto/password.ts";
import { upnKey } from "../directory/upn.ts";
import type { SignedIn } from "../sessions/authenticate-session.ts";
import { markReauthenticated } from "../store/queries/sessions.ts";
import { findUserCredentials } from "../store/queries/users.ts";
import { passwordAccepted, takePasswordAttempt } from "./password-throttle.ts";
import type { ClientInfo } from "./types.ts";

/**
 * "Confirm your password" before a sensitive change (removing a method): the same argon2id
 * check and the same throttle as the sign-in, so a borrowed session cannot guess the password.
 */
export async function confirmPassword(
  ctx: Context,
  who: SignedIn,
  password: string,
  client: ClientInfo,
): Promise<"confirmed" | "wrong" | "throttled"> {
  const key = upnKey(who.user.upn);
  const { retryAt } = await takePasswordAttempt(ctx, who.tenant, key, client.ip);
  if (retryAt !== undefined) return "throttled";
  const credentials = await findUserCredentials(ctx.store.db, who.tenant.id, key);
  const hash = credentials?.passwordHash;
  if (!hash || !(await verifyPassword(hash, password.slice(0, 1024)))) {
    return "wrong";
  }
  await passwordAccepted(ctx, who.tenant, key, client.ip);
  await markReauthenticated(ctx.store.db, who.session.id, ctx.now());
  return "confirmed";
}
