import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { findTenantByName } from "../store/queries/tenants.ts";
import { defaultTenantName } from "./default-tenant.ts";
import type { Tenant } from "./types.ts";

/** The tenant named `name`, or the default tenant when no name is given. */
export async function findTenant(ctx: Context, name?: string): Promise<Tenant> {
  const wanted = (name ?? defaultTenantName).trim().toLowerCase();
  const tenant = await findTenantByName(ctx.store.db, wanted);
  if (!tenant) throw new VarcoError("tenant_not_found", `no tenant named '${wanted}'`);
  return tenant;
}
