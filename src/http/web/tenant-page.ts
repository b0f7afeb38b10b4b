import { type PageBrand, pageBrandOf } from "../../branding/page-brand.ts";
import type { Tenant } from "../../directory/types.ts";
import type { Web } from "./web-context.ts";

/** What a page of a known tenant tells the layout: its name, time zone and branding. */
export type TenantPage = {
  readonly tenantName: string;
  readonly timeZone: string;
  readonly brand?: PageBrand | undefined;
};

/**
 * The layout's facts for `tenant`. Not for a tenant that home realm discovery found from a user
 * name: until the password is proven, that page must look the same for a known domain as for an
 * unknown one, or it would tell which domains (and tenants) exist.
 */
export async function tenantPageOf(web: Web, tenant: Tenant): Promise<TenantPage> {
  return {
    tenantName: tenant.displayName,
    timeZone: tenant.policy.timeZone,
    brand: await pageBrandOf(web.ctx.store.db, tenant),
  };
}
