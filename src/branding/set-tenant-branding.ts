import { createHash } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { findBranding, saveBranding } from "../store/queries/tenant-branding.ts";
import { checkAccentColour } from "./accent-colour.ts";
import { checkLogo } from "./logo-image.ts";

/** What a change names: a new value, `null` to clear it, absent to keep it. */
export type BrandingChanges = {
  readonly accentColour?: string | null;
  readonly logo?: Uint8Array | null;
};

export type TenantBranding = {
  readonly accentColour: string | null;
  readonly logo: { readonly type: string; readonly hash: string } | null;
};

/** The first 16 base64url characters of SHA-256: names a logo's version in its URL. */
export const contentHash = (bytes: Uint8Array | string) =>
  createHash("sha256").update(bytes).digest("base64url").slice(0, 16);

/**
 * Sets or clears a tenant's accent colour and logo. Both are checked before anything is written
 * (checkAccentColour, checkLogo): a refused value changes nothing. The change and its audit entry
 * (the colour, the logo's type, size and hash; never its bytes) land in one transaction.
 */
export async function setTenantBranding(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  changes: BrandingChanges,
): Promise<TenantBranding> {
  const accentColour =
    changes.accentColour == null ? changes.accentColour : checkAccentColour(changes.accentColour);
  const logo =
    changes.logo == null
      ? changes.logo
      : { ...checkLogo(changes.logo), bytes: changes.logo, hash: contentHash(changes.logo) };
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    const before = await findBranding(tx, tenant.id);
    const keepLogo = logo === undefined;
    const row = {
      tenant_id: tenant.id,
      accent_colour: accentColour === undefined ? (before?.accent_colour ?? null) : accentColour,
      logo_type: keepLogo ? (before?.logo_type ?? null) : (logo?.type ?? null),
      logo_hash: keepLogo ? (before?.logo_hash ?? null) : (logo?.hash ?? null),
      updated_at: now,
    };
    await saveBranding(
      tx,
      keepLogo
        ? row
        : { ...row, logo_base64: logo ? Buffer.from(logo.bytes).toString("base64") : null },
    );
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Update branding",
        targetType: "tenant",
        targetId: tenant.id,
        details: {
          tenant: tenant.name,
          ...(accentColour !== undefined ? { accentColour } : {}),
          ...(logo !== undefined
            ? {
                logo: logo ? { type: logo.type, bytes: logo.bytes.length, hash: logo.hash } : null,
              }
            : {}),
        },
      },
    );
    return {
      accentColour: row.accent_colour,
      logo: row.logo_type && row.logo_hash ? { type: row.logo_type, hash: row.logo_hash } : null,
    };
  });
}
