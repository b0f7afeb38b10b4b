import type { Context } from "../context.ts";
import { checkTenantPassword } from "../directory/password-source.ts";
import { upnKey } from "../directory/upn.ts";
import type { SignedIn } from "../sessions/authenticate-session.ts";
import { markReauthenticated } from "../store/queries/sessions.ts";
import { passwordAccepted, takePasswordAttempt } from "./password-throttle.ts";
import type { ClientInfo } from "./types.ts";

/**
 * "Confirm your password" before a sensitive change (removing a method): the same check (Varco's
 * argon2id, or the tenant's directory) and the same throttle as the sign-in, so a borrowed
 * session cannot guess the password.
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
  const verdict = await checkTenantPassword(ctx, who.tenant, who.user.upn, password);
  if (verdict.kind !== "right" || verdict.user.id !== who.user.id) return "wrong";
  await passwordAccepted(ctx, who.tenant, key, client.ip);
  await markReauthenticated(ctx.store.db, who.session.id, ctx.now());
  return "confirmed";
}
