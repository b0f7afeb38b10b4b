import type { Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";
import { holdsRoleOrIsMemberOf } from "../../store/queries/roles.ts";

/**
 * Whether the tenant requires phishing-resistant MFA (a passkey or a security key) of this user:
 * Entra's authentication strength "Phishing-resistant MFA", for holders of admin roles or members
 * of the groups the tenant names. True when the policy's `phishingResistantForAdministrators` is
 * on and the user holds any administrator role, or the user is a member of one of its
 * `phishingResistantGroupIds`.
 *
 * Cost: nothing at all while the tenant asks neither (the default, and the common case); else one
 * statement that asks both questions at once (store/queries/roles.ts).
 */
export async function phishingResistantRequired(
  ctx: Context,
  tenant: Tenant,
  userId: string,
): Promise<boolean> {
  const { phishingResistantForAdministrators: anyRole, phishingResistantGroupIds: groupIds } =
    tenant.policy;
  if (!anyRole && groupIds.length === 0) return false;
  return holdsRoleOrIsMemberOf(ctx.store.db, userId, { anyRole, groupIds });
}
