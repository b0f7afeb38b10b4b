import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { updateTenantPolicy } from "../store/queries/tenants.ts";
import { checkTenantPolicy, type TenantPolicy } from "./tenant-policy.ts";

/** Changes some of a tenant's settings; the audit entry keeps the values before and after. */
export async function changeTenantPolicy(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  changes: Partial<TenantPolicy>,
): Promise<TenantPolicy> {
  const policy = checkTenantPolicy({ ...tenant.policy, ...changes });
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
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
