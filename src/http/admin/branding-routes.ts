import { type Static, Type } from "typebox";
import { maxLogoBytes } from "../../branding/logo-image.ts";
import { brandingPath } from "../../branding/page-brand.ts";
import { setTenantBranding, type TenantBranding } from "../../branding/set-tenant-branding.ts";
import type { Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { authorize } from "../../roles/authorize.ts";
import { findBranding } from "../../store/queries/tenant-branding.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { adminOf } from "./admin-principal.ts";

const path = "/api/v1/branding";

// Graph's organizationalBranding, reduced to what Varco's pages show beside the tenant's name.
const Branding = Type.Object(
  {
    id: Type.Literal("branding"),
    accentColour: Type.Union([Type.String(), Type.Null()], {
      description: "`#rrggbb` of buttons and links; null: Varco's own colours",
    }),
    logo: Type.Union(
      [
        Type.Object({
          contentType: Type.Union([Type.Literal("image/png"), Type.Literal("image/jpeg")]),
          url: Type.String({ description: "Where the pages load it; changes with the image" }),
        }),
        Type.Null(),
      ],
      { description: "The logo shown beside the tenant's name; null: none" },
    ),
  },
  { description: "The tenant's branding on its sign-in and account pages" },
);

const BrandingChanges = Type.Object(
  {
    accentColour: Type.Optional(
      Type.Union([Type.String({ maxLength: 16 }), Type.Null()], {
        description: "`#rrggbb` (or `#rgb`), at least 4.5:1 against white; null clears it",
      }),
    ),
    logo: Type.Optional(
      // No maxLength: the body limit caps it, and a logo too large is the domain's logo_too_large.
      Type.Union([Type.String(), Type.Null()], {
        description: "A PNG or JPEG in base64, at most 100 KiB and 1024 px a side; null removes it",
      }),
    ),
  },
  { additionalProperties: false },
);

const brandingJson = (tenant: Tenant, branding: TenantBranding): Static<typeof Branding> => ({
  id: "branding",
  accentColour: branding.accentColour,
  logo: branding.logo
    ? {
        contentType: branding.logo.type === "image/png" ? "image/png" : "image/jpeg",
        url: `${brandingPath(tenant.name)}/logo?v=${branding.logo.hash}`,
      }
    : null,
});

/** Strict base64: what Buffer.from would otherwise read leniently is refused as no image. */
function decodeLogo(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new VarcoError("logo_not_png_or_jpeg", "the logo is not base64");
  }
  return Buffer.from(compact, "base64");
}

/**
 * `branding`: the accent colour and logo of the caller's tenant (Entra's "Company branding"). The
 * same checks as `varco tenant branding`: a refused colour or logo changes nothing.
 */
export function registerBrandingApiRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["branding"];
  const tenantOf = async (tenantId: string): Promise<Tenant> => {
    const tenant = await findTenantById(ctx.store.db, tenantId);
    if (!tenant) throw new VarcoError("tenant_not_found");
    return tenant;
  };

  app.get(
    path,
    {
      schema: {
        summary: "The tenant's branding",
        tags,
        response: { 200: Branding, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readPolicy");
      const tenant = await tenantOf(admin.tenantId);
      const row = await findBranding(ctx.store.db, tenant.id);
      return brandingJson(tenant, {
        accentColour: row?.accent_colour ?? null,
        logo: row?.logo_type && row.logo_hash ? { type: row.logo_type, hash: row.logo_hash } : null,
      });
    },
  );

  app.patch(
    path,
    {
      schema: {
        summary: "Set or clear the accent colour and the logo; fields left out stay",
        description:
          "400 invalid_accent_colour or accent_colour_low_contrast for the colour; " +
          "logo_not_png_or_jpeg, logo_too_large or logo_dimensions_too_large for the logo.",
        tags,
        body: BrandingChanges,
        response: { 200: Branding, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
      bodyLimit: 2 * maxLogoBytes,
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "writePolicy");
      const tenant = await tenantOf(admin.tenantId);
      const { accentColour, logo } = request.body;
      const branding = await setTenantBranding(ctx, admin.actor, tenant, {
        ...(accentColour !== undefined ? { accentColour } : {}),
        ...(logo !== undefined ? { logo: logo === null ? null : decodeLogo(logo) } : {}),
      });
      return brandingJson(tenant, branding);
    },
  );
}
