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
 * The layout's facts for `tenant`. `branded: false` leaves the branding out: for a tenant that
 * home realm discovery found from a user name, whose page must not look different for a known
 * domain than for an unknown one in anything more than the name it always showed.
 */
export async function tenantPageOf(web: Web, tenant: Tenant, branded = true): Promise<TenantPage> {
  return {
    tenantName: tenant.displayName,
    timeZone: tenant.policy.timeZone,
    brand: branded ? await pageBrandOf(web.ctx.store.db, tenant) : undefined,
  };
}
