import type { Context } from "../context.ts";
import { appliesToUser } from "../policy/applies-to-user.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";

/** Whether the tenant's policy asks this user for a second factor. */
export function mfaRequired(ctx: Context, policy: TenantPolicy, userId: string): Promise<boolean> {
  return appliesToUser(ctx, { to: policy.mfaRequiredFor, groupId: policy.mfaGroupId }, userId);
}
