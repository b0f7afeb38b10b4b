import type { Context } from "../context.ts";
import type { SignedIn } from "../sessions/authenticate-session.ts";
import { listAppPasswords } from "../store/queries/app-passwords.ts";
import type { AppPasswordsSection } from "./app-password-page-models.ts";

/** Security info's app passwords, when the tenant allows them; nothing (no section) otherwise. */
export async function appPasswordsSection(
  ctx: Context,
  who: SignedIn,
): Promise<AppPasswordsSection> {
  if (!who.tenant.policy.appPasswordsAllowed) return {};
  return { appPasswords: await listAppPasswords(ctx.store.db, who.user.id) };
}
