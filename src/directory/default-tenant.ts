import type { Context } from "../context.ts";
import { isVarcoError } from "../errors/varco-error.ts";
import { findTenantByName } from "../store/queries/tenants.ts";
import { createTenant } from "./create-tenant.ts";
import type { Tenant } from "./types.ts";

export const defaultTenantName = "default";

/** Creates the default tenant on first start; two instances starting at once end with one. */
export async function ensureDefaultTenant(ctx: Context): Promise<Tenant> {
  const existing = await findTenantByName(ctx.store.db, defaultTenantName);
  if (existing) return existing;
  try {
    return await createTenant(
      ctx,
      { type: "system", id: null, name: "varco" },
      { name: defaultTenantName },
    );
  } catch (error) {
    if (!isVarcoError(error, "tenant_exists")) throw error;
    const winner = await findTenantByName(ctx.store.db, defaultTenantName);
    if (!winner) throw error;
    return winner;
  }
}
