import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { removeAppPassword } from "./delete-app-password.ts";

/**
 * An administrator revokes one of a user's app passwords (the admin API, the user's admin page):
 * the same deletion as the user's own, recorded as "Revoke app password".
 */
export async function revokeAppPassword(
  ctx: Context,
  actor: Actor,
  user: User,
  id: string,
): Promise<void> {
  await removeAppPassword(ctx, actor, user, id, "Revoke app password");
}
