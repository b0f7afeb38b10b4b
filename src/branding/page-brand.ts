import type { Tenant } from "../directory/types.ts";
import type { Db } from "../store/open-store.ts";
import { findBranding } from "../store/queries/tenant-branding.ts";
import { darkerShade } from "./accent-colour.ts";
import { contentHash } from "./set-tenant-branding.ts";

/**
 * What the layout links for a tenant's branding: its stylesheet (the accent colour) and its
 * logo, each at a URL whose `v` changes with the content, so browsers may keep them for good.
 */
export type PageBrand = { readonly stylesheet?: string; readonly logo?: string };

export const brandingPath = (tenant: string) => `/branding/${encodeURIComponent(tenant)}`;

/** The tenant's PageBrand; undefined when it has neither colour nor logo. */
export async function pageBrandOf(db: Db, tenant: Tenant): Promise<PageBrand | undefined> {
  const row = await findBranding(db, tenant.id);
  if (!row || (!row.accent_colour && !row.logo_hash)) return undefined;
  return {
    ...(row.accent_colour
      ? { stylesheet: `${brandingPath(tenant.name)}.css?v=${stylesheetVersion(row.accent_colour)}` }
      : {}),
    ...(row.logo_hash ? { logo: `${brandingPath(tenant.name)}/logo?v=${row.logo_hash}` } : {}),
  };
}

/** The tenant's stylesheet: the custom properties of varco.css that the accent colour sets. */
export function brandingStylesheet(accentColour: string): string {
  return `:root {\n  --primary: ${accentColour};\n  --primary-dark: ${darkerShade(accentColour)};\n  --link: ${accentColour};\n}\n`;
}

export const stylesheetVersion = (accentColour: string) =>
  contentHash(brandingStylesheet(accentColour));
