import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { findTenantGroupIds } from "../store/queries/method-configurations.ts";
import { updateTenantPolicy } from "../store/queries/tenants.ts";
import { checkTenantPolicy, type TenantPolicy } from "./tenant-policy.ts";

/**
 * Changes some of a tenant's settings; the audit entry keeps the values before and after. A
 * change of `phishingResistantGroupIds` or `passwordResetGroupId` that names a group that is not
 * the tenant's is refused
 * (`unknown_target_group`), checked in the transaction that writes.
 */
export async function changeTenantPolicy(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  changes: Partial<TenantPolicy>,
): Promise<TenantPolicy> {
  const policy = checkTenantPolicy({ ...tenant.policy, ...changes });
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const named = [
      ...(changes.phishingResistantGroupIds !== undefined ? policy.phishingResistantGroupIds : []),
      ...(changes.passwordResetGroupId ? [changes.passwordResetGroupId] : []),
    ];
    if (named.length > 0) {
      const known = await findTenantGroupIds(tx, tenant.id, named);
      const unknown = named.find((group) => !known.has(group));
      if (unknown !== undefined) {
        throw new VarcoError("unknown_target_group", `no group ${unknown.slice(0, 80)}`);
      }
    }
    await updateTenantPolicy(tx, tenant.id, JSON.stringify(policy));
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Update tenant policy",
        targetType: "tenant",
        targetId: tenant.id,
        details: { before: tenant.policy, after: policy },
      },
    );
  });
  return policy;
}
