import type { User } from "../../directory/types.ts";

/**
 * The reason of a block that SCIM's `active: false` sets. `active: true` lifts this block only:
 * a block an administrator set, or a fraud report's, stays until lifted in Varco.
 */
export const provisioningBlockReason = "Deactivated by SCIM provisioning";

export function isProvisioningBlock(
  user: Pick<User, "blocked" | "blockedReason" | "blockedUntil">,
): boolean {
  return (
    user.blocked && user.blockedReason === provisioningBlockReason && user.blockedUntil === null
  );
}
