import type { FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import { authorize } from "../../roles/authorize.ts";
import { createScimToken } from "../../scim/tokens/create-scim-token.ts";
import { revokeScimToken } from "../../scim/tokens/revoke-scim-token.ts";
import { listScimTokens } from "../../store/queries/scim.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { IdParams, optionalText, pageForm, pageQuery } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const NewTokenForm = pageForm({ name: optionalText(300) });
const NoFields = pageForm({});
const NoticeQuery = pageQuery({ notice: optionalText(40) });

/**
 * `/admin/scim-tokens`: the bearer tokens with which the tenant's identity system provisions
 * users over SCIM (docs/scim.md), listed without the tokens themselves. A new token is the body
 * of the answer to the POST, marked no-store, and nowhere else: not in a URL, not behind a
 * redirect, so a reload or the history cannot show it again. A token is a credential that
 * creates users, like an API client, so the page takes the permission that creates API clients.
 */
export function registerAdminScimTokensRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const showTokens = async (
    request: FastifyRequest,
    reply: FastifyReply,
    admin: PageAdmin,
    shown: { notice?: string; error?: string; typed?: string; status?: number },
  ) => {
    const rows = await listScimTokens(ctx.store.db, admin.tenant.id);
    const { status = 200, typed = "", ...messages } = shown;
    const tokens = rows.map(({ id, name, createdAt, lastUsedAt, revokedAt }) => ({
      id,
      name,
      createdAt,
      lastUsedAt,
      revokedAt,
    }));
    return sendPage(
      web,
      request,
      reply,
      "admin-scim-tokens",
      { tokens, typed, ...messages },
      { ...adminPage(admin), status },
    );
  };

  app.get("/admin/scim-tokens", { schema: { querystring: NoticeQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "manageRoles");
      const notice = request.query.notice === "scim_token_revoked" ? "scim_token_revoked" : null;
      return showTokens(request, reply, admin, notice ? { notice } : {});
    }),
  );

  app.post("/admin/scim-tokens", { schema: { body: NewTokenForm } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "manageRoles");
      const typed = request.body.name ?? "";
      let created: Awaited<ReturnType<typeof createScimToken>>;
      try {
        created = await createScimToken(ctx, admin.actor, admin.tenant, { name: typed });
      } catch (error) {
        if (isVarcoError(error, "invalid_request")) {
          return showTokens(request, reply, admin, { error: error.code, typed, status: 400 });
        }
        throw error;
      }
      const origin = web.publicOrigin ?? `${request.protocol}://${request.host}`;
      reply.header("cache-control", "no-store");
      return sendPage(
        web,
        request,
        reply,
        "admin-scim-token-created",
        { name: created.scimToken.name, token: created.token, scimUrl: `${origin}/scim/v2` },
        adminPage(admin),
      );
    }),
  );

  app.get(
    "/admin/scim-tokens/:id/revoke",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "manageRoles");
        const rows = await listScimTokens(ctx.store.db, admin.tenant.id);
        const found = rows.find((row) => row.id === request.params.id && row.revokedAt === null);
        if (!found) {
          return showTokens(request, reply, admin, { error: "scim_token_not_found", status: 404 });
        }
        const action = `/admin/scim-tokens/${encodeURIComponent(found.id)}/revoke`;
        return sendPage(
          web,
          request,
          reply,
          "admin-tenant-confirm",
          { kind: "revokeScimToken", subject: found.name, action },
          adminPage(admin),
        );
      }),
  );

  app.post(
    "/admin/scim-tokens/:id/revoke",
    { schema: { params: IdParams, body: NoFields } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "manageRoles");
        try {
          await revokeScimToken(ctx, admin.actor, admin.tenant, request.params.id);
        } catch (error) {
          if (isVarcoError(error, "scim_token_not_found")) {
            return showTokens(request, reply, admin, { error: error.code, status: 404 });
          }
          throw error;
        }
        return seeOther(reply, "/admin/scim-tokens?notice=scim_token_revoked");
      }),
  );
}
