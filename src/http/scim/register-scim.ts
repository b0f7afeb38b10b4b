import type { FastifyRequest } from "fastify";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { registerDiscoveryRoutes } from "./discovery-routes.ts";
import { registerGroupsRoutes } from "./groups-routes.ts";
import { requireScimToken } from "./require-scim-token.ts";
import { answerScimError } from "./scim-error-answer.ts";
import { registerUsersRoutes } from "./users-routes.ts";

export const scimPrefix = "/scim/v2";

/** Where a resource's `meta.location` points: the public URL when set, else as the request came. */
export type ScimBaseUrl = (request: FastifyRequest) => string;

/**
 * SCIM 2.0 (RFC 7643, RFC 7644) at /scim/v2: a tenant's identity system (Microsoft Entra,
 * Google Workspace, a school's registry) provisions its users and groups into Varco with a
 * bearer token of the tenant (`varco tenant scim-token create`). Every route checks the token
 * first, before the body is read; every error answers in SCIM's format; bodies are
 * `application/scim+json` or `application/json`.
 */
export async function registerScim(
  app: ContractApp,
  ctx: Context,
  options: { publicUrl?: string | undefined },
): Promise<void> {
  const publicBase = options.publicUrl?.replace(/\/+$/, "");
  const baseUrl: ScimBaseUrl = (request) =>
    `${publicBase ?? `${request.protocol}://${request.host}`}${scimPrefix}`;
  await app.register(
    (scim, _options, done) => {
      scim.decorateRequest("scimCaller", null);
      scim.addContentTypeParser(
        "application/scim+json",
        { parseAs: "string" },
        scim.getDefaultJsonParser("error", "error"),
      );
      scim.setErrorHandler((error, request, reply) => answerScimError(error, request, reply));
      scim.setNotFoundHandler((request, reply) =>
        answerScimError(new VarcoError("not_found", "no such SCIM endpoint"), request, reply),
      );
      scim.addHook("onRequest", requireScimToken(ctx));
      // JSON only: a form or a file is no SCIM message, and a page's form cannot reach here.
      scim.addHook("onRequest", (request, _reply, done) => {
        const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
        const json = type === "" || type === "application/json" || type === "application/scim+json";
        done(
          json ? undefined : new VarcoError("unsupported_media_type", "send application/scim+json"),
        );
      });
      registerDiscoveryRoutes(scim, baseUrl);
      registerUsersRoutes(scim, ctx, baseUrl);
      registerGroupsRoutes(scim, ctx, baseUrl);
      done();
    },
    { prefix: scimPrefix },
  );
}
