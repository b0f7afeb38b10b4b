import type { Context } from "../context.ts";
import { isGroupMember } from "../store/queries/groups.ts";

/**
 * Whether a setting the tenant gives to everyone, to the members of one group, or to nobody
 * (MFA required, self-service password reset) covers this user.
 */
export async function appliesToUser(
  ctx: Context,
  audience: { readonly to: "all" | "group" | "none"; readonly groupId: string | null },
  userId: string,
): Promise<boolean> {
  switch (audience.to) {
    case "all":
      return true;
    case "none":
      return false;
    case "group":
      return audience.groupId !== null && isGroupMember(ctx.store.db, audience.groupId, userId);
  }
}
