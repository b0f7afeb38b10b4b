import type { Context } from "../../context.ts";
import { findTenantOfDomain } from "../../store/queries/tenant-domains.ts";
import { findTenant } from "../find-tenant.ts";
import type { Tenant } from "../types.ts";
import { domainOfUpn } from "./domain-name.ts";

/**
 * Home realm discovery (Entra's): the tenant of a user name, by its domain. A domain no tenant
 * has, or a UPN with none, belongs to the default tenant, so a single-tenant installation needs
 * no domain, and an unknown domain goes on as an unknown user does, with the same work: the
 * same two indexed reads either way (the domain's tenant and the default one), and the same
 * password check of the sign-in machine after them.
 */
export async function discoverTenant(ctx: Context, upn: string): Promise<Tenant> {
  const domain = domainOfUpn(upn) ?? "";
  const [found, fallback] = await Promise.all([
    findTenantOfDomain(ctx.store.db, domain),
    findTenant(ctx),
  ]);
  return found ?? fallback;
}
