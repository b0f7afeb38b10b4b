import type { Context } from "../context.ts";
import { appliesToUser } from "../policy/applies-to-user.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";

/** Whether the tenant lets this user reset a forgotten password themselves. */
export function passwordResetAllowed(
  ctx: Context,
  policy: TenantPolicy,
  userId: string,
): Promise<boolean> {
  const audience = { to: policy.passwordResetEnabledFor, groupId: policy.passwordResetGroupId };
  return appliesToUser(ctx, audience, userId);
}
