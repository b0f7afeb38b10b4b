import type { Context } from "../context.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import { isGroupMember } from "../store/queries/groups.ts";

/** Whether the tenant lets this user reset a forgotten password themselves. */
export async function passwordResetAllowed(
  ctx: Context,
  policy: TenantPolicy,
  userId: string,
): Promise<boolean> {
  switch (policy.passwordResetEnabledFor) {
    case "all":
      return true;
    case "none":
      return false;
    case "group":
      return (
        policy.passwordResetGroupId !== null &&
        (await isGroupMember(ctx.store.db, policy.passwordResetGroupId, userId))
      );
  }
}
