import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { updateTenantDisplayName } from "../store/queries/tenants.ts";
import type { Tenant } from "./types.ts";

/**
 * Changes the name people see for a tenant: on the sign-in pages and, for apps enrolled from now
 * on, as the issuer in their authenticator app. The tenant's short name stays.
 */
export async function renameTenant(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  displayName: string,
): Promise<Tenant> {
  const wanted = displayName.trim();
  if (wanted.length === 0 || wanted.length > 100) {
    throw new VarcoError("invalid_request", "a display name has 1 to 100 characters");
  }
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await updateTenantDisplayName(tx, tenant.id, wanted);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Update tenant",
        targetType: "tenant",
        targetId: tenant.id,
        details: { before: tenant.displayName, after: wanted },
      },
    );
  });
  return { ...tenant, displayName: wanted };
}
