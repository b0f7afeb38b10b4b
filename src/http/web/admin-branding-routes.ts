import multipart from "@fastify/multipart";
import type { FastifyReply, FastifyRequest } from "fastify";
import { maxLogoBytes } from "../../branding/logo-image.ts";
import { brandingPath } from "../../branding/page-brand.ts";
import { type BrandingChanges, setTenantBranding } from "../../branding/set-tenant-branding.ts";
import { isVarcoError, VarcoError } from "../../errors/varco-error.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { findBranding } from "../../store/queries/tenant-branding.ts";
import type { AdminBrandingModel } from "../../web/page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { readUpload } from "../read-upload.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { partsAfterCsrf } from "./csrf-check.ts";
import { Checkbox, optionalText, pageForm, pageQuery } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const ColourForm = pageForm({ accentColour: optionalText(32), clear: Checkbox });
const NoFields = pageForm({});
const SavedQuery = pageQuery({ notice: optionalText(40) });

type Refusal = NonNullable<AdminBrandingModel["error"]>;
const refusals: ReadonlySet<string> = new Set<Refusal>([
  "invalid_accent_colour",
  "accent_colour_low_contrast",
  "logo_not_png_or_jpeg",
  "logo_too_large",
  "logo_dimensions_too_large",
]);

/**
 * `/admin/branding` (Entra's "Company branding"): the tenant's accent colour and logo, with the
 * same checks as the CLI and the API. A refused value is shown on the page with its reason and
 * changes nothing. The logo comes as a multipart upload, its CSRF token first (csrf-check.ts).
 */
export async function registerAdminBrandingRoutes(app: ContractApp, web: Web): Promise<void> {
  const { ctx } = web;

  const showBranding = async (
    request: FastifyRequest,
    reply: FastifyReply,
    admin: PageAdmin,
    shown: { notice?: "branding_saved"; error?: Refusal; status?: number },
  ) => {
    const row = await findBranding(ctx.store.db, admin.tenant.id);
    const { status = 200, ...messages } = shown;
    return sendPage(
      web,
      request,
      reply,
      "admin-branding",
      {
        accentColour: row?.accent_colour ?? "",
        ...(row?.logo_hash
          ? { logoUrl: `${brandingPath(admin.tenant.name)}/logo?v=${row.logo_hash}` }
          : {}),
        readOnly: !isAllowed(admin.principal, "writePolicy"),
        ...messages,
      },
      { ...adminPage(admin), status },
    );
  };

  /** Applies `changes`; a refused value answers the page with its reason, 400. */
  const change = async (
    request: FastifyRequest,
    reply: FastifyReply,
    admin: PageAdmin,
    changes: () => Promise<BrandingChanges> | BrandingChanges,
  ) => {
    authorize(admin.principal, "writePolicy");
    try {
      await setTenantBranding(ctx, admin.actor, admin.tenant, await changes());
    } catch (error) {
      if (isVarcoError(error) && refusals.has(error.code)) {
        return showBranding(request, reply, admin, { error: error.code as Refusal, status: 400 });
      }
      throw error;
    }
    return seeOther(reply, "/admin/branding?notice=branding_saved");
  };

  app.get("/admin/branding", { schema: { querystring: SavedQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "readPolicy");
      const saved = request.query.notice === "branding_saved";
      return showBranding(request, reply, admin, saved ? { notice: "branding_saved" } : {});
    }),
  );

  app.post("/admin/branding/colour", { schema: { body: ColourForm } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) =>
      change(request, reply, admin, () => {
        const text = request.body.accentColour?.trim() ?? "";
        return { accentColour: request.body.clear || text === "" ? null : text };
      }),
    ),
  );

  app.post("/admin/branding/logo/remove", { schema: { body: NoFields } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) =>
      change(request, reply, admin, () => ({ logo: null })),
    ),
  );

  // Multipart only here, as for the token import: its hooks stay off every other route. One
  // byte over the limit is enough to know the logo is too large.
  await app.register((upload, _options, done) => {
    upload.register(multipart, { limits: { files: 1, fields: 2, fileSize: maxLogoBytes + 1 } });
    upload.post("/admin/branding/logo", (request, reply) => uploadLogo(request, reply));
    done();
  });

  const uploadLogo = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.isMultipart())
      throw new VarcoError("invalid_request", "send the logo as multipart/form-data");
    // Refused by its declared size before it is read: no logo needs more than this.
    const declared = request.headers["content-length"];
    if (declared === undefined) throw new VarcoError("length_required", "send a Content-Length");
    if (Number(declared) > maxLogoBytes + 16 * 1024) {
      throw new VarcoError("body_too_large", `a logo has at most ${maxLogoBytes} bytes`);
    }
    for await (const part of partsAfterCsrf(request)) {
      if (part.type === "field") continue;
      const chunks: Buffer[] = [];
      for await (const chunk of readUpload(() => part.file, "multipart/form-data")) {
        chunks.push(chunk as Buffer);
      }
      const bytes = Buffer.concat(chunks);
      return withPageAdmin(web, request, reply, async (admin) =>
        change(request, reply, admin, () => ({ logo: bytes })),
      );
    }
    throw new VarcoError("invalid_request", "no file in the upload");
  };
}
