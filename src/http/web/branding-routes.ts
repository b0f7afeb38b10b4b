import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import { brandingStylesheet, stylesheetVersion } from "../../branding/page-brand.ts";
import { findBranding, findLogo } from "../../store/queries/tenant-branding.ts";
import { findTenantByName } from "../../store/queries/tenants.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { text } from "./page-contracts.ts";
import type { Web } from "./web-context.ts";

const StylesheetParams = Type.Object({ file: text(70) });
const LogoParams = Type.Object({ tenant: text(63) });
const VersionQuery = Type.Object({ v: Type.Optional(text(64)) });

/**
 * Cached for a year when the URL names the current version (its `v`, a hash of the content,
 * changes with it); otherwise revalidated on every use, so an old link never sticks.
 */
const cacheFor = (asked: string | undefined, current: string) =>
  asked === current ? "public, max-age=31536000, immutable" : "no-cache";

const notFound = (reply: FastifyReply) =>
  reply
    .status(404)
    .header("x-content-type-options", "nosniff")
    .type("text/plain; charset=utf-8")
    .send("not found");

/**
 * A tenant's branding, from its own origin so the pages' Content-Security-Policy stays as it is
 * (style-src and img-src 'self'): `/branding/{tenant}.css` sets the accent colour as varco.css's
 * custom properties (no inline style), `/branding/{tenant}/logo` is the checked PNG or JPEG with
 * its exact type and `nosniff`, so no browser reads it as anything else.
 */
export function registerBrandingRoutes(app: ContractApp, web: Web): void {
  const { db } = web.ctx.store;

  app.get(
    "/branding/:file",
    { schema: { hide: true, params: StylesheetParams, querystring: VersionQuery } },
    async (request, reply) => {
      const name = /^([a-z0-9][a-z0-9-]{0,62})\.css$/.exec(request.params.file)?.[1];
      const tenant = name ? await findTenantByName(db, name) : undefined;
      const colour = tenant && (await findBranding(db, tenant.id))?.accent_colour;
      if (!colour) return notFound(reply);
      return reply
        .header("x-content-type-options", "nosniff")
        .header("cache-control", cacheFor(request.query.v, stylesheetVersion(colour)))
        .type("text/css; charset=utf-8")
        .send(brandingStylesheet(colour));
    },
  );

  app.get(
    "/branding/:tenant/logo",
    { schema: { hide: true, params: LogoParams, querystring: VersionQuery } },
    async (request, reply) => {
      const tenant = await findTenantByName(db, request.params.tenant);
      const logo = tenant && (await findLogo(db, tenant.id));
      if (!logo) return notFound(reply);
      return reply
        .header("x-content-type-options", "nosniff")
        .header("cache-control", cacheFor(request.query.v, logo.hash))
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("cross-origin-resource-policy", "same-origin")
        .type(logo.type)
        .send(Buffer.from(logo.base64, "base64"));
    },
  );
}
