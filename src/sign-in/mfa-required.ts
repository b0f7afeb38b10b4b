import type { Context } from "../context.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import { isGroupMember } from "../store/queries/groups.ts";

/** Whether the tenant's policy asks this user for a second factor. */
export async function mfaRequired(
  ctx: Context,
  policy: TenantPolicy,
  userId: string,
): Promise<boolean> {
  switch (policy.mfaRequiredFor) {
    case "all":
      return true;
    case "none":
      return false;
    case "group":
      return (
        policy.mfaGroupId !== null && (await isGroupMember(ctx.store.db, policy.mfaGroupId, userId))
      );
  }
}
