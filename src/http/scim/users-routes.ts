import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { canonicalize, type Json } from "../../scim/attributes.ts";
import { project, readPageRequest } from "../../scim/list-page.ts";
import { resourceSchemas } from "../../scim/schemas.ts";
import { createScimUser } from "../../scim/users/create-scim-user.ts";
import { deleteScimUser } from "../../scim/users/delete-scim-user.ts";
import { listUsersPage } from "../../scim/users/list-users-page.ts";
import { patchScimUser } from "../../scim/users/patch-scim-user.ts";
import { replaceScimUser } from "../../scim/users/replace-scim-user.ts";
import { userResource } from "../../scim/users/user-resource.ts";
import { findScimUser, type ScimUserRow } from "../../store/queries/scim.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import type { ScimBaseUrl } from "./register-scim.ts";
import { scimCallerOf } from "./require-scim-token.ts";
import { ListQuery, ResourceParams, ResourceQuery, ScimBody } from "./scim-contracts.ts";
import { sendScim } from "./send-scim.ts";

const hide = { hide: true } as const;

/** /Users (RFC 7644 section 3): create, read, query, replace, patch and delete users. */
export function registerUsersRoutes(app: ContractApp, ctx: Context, baseUrl: ScimBaseUrl): void {
  const found = async (tenantId: string, id: string): Promise<ScimUserRow> => {
    const row = await findScimUser(ctx.store.db, tenantId, id);
    if (!row) throw new VarcoError("scim_resource_not_found", `no user ${id.slice(0, 100)}`);
    return row;
  };
  const body = (value: unknown): Json => canonicalize(value, resourceSchemas);

  app.post("/Users", { schema: { ...hide, body: ScimBody } }, async (request, reply) => {
    const row = await createScimUser(ctx, scimCallerOf(request), body(request.body));
    const resource = userResource(row, baseUrl(request), ctx.now());
    reply.header("location", (resource.meta as { location: string }).location);
    return sendScim(reply.status(201), resource);
  });

  app.get("/Users", { schema: { ...hide, querystring: ListQuery } }, async (request, reply) => {
    const caller = scimCallerOf(request);
    const list = await listUsersPage(ctx, caller.tenant, {
      filter: request.query.filter,
      page: readPageRequest(request.query),
      baseUrl: baseUrl(request),
      shape: (resource) => project(resource, request.query),
    });
    return sendScim(reply, list);
  });

  app.get(
    "/Users/:id",
    { schema: { ...hide, params: ResourceParams, querystring: ResourceQuery } },
    async (request, reply) => {
      const row = await found(scimCallerOf(request).tenant.id, request.params.id);
      return sendScim(
        reply,
        project(userResource(row, baseUrl(request), ctx.now()), request.query),
      );
    },
  );

  app.put(
    "/Users/:id",
    { schema: { ...hide, params: ResourceParams, body: ScimBody } },
    async (request, reply) => {
      const caller = scimCallerOf(request);
      const current = await found(caller.tenant.id, request.params.id);
      const row = await replaceScimUser(ctx, caller, current, body(request.body));
      return sendScim(reply, userResource(row, baseUrl(request), ctx.now()));
    },
  );

  app.patch(
    "/Users/:id",
    { schema: { ...hide, params: ResourceParams, body: ScimBody } },
    async (request, reply) => {
      const caller = scimCallerOf(request);
      const current = await found(caller.tenant.id, request.params.id);
      const row = await patchScimUser(ctx, caller, current, body(request.body));
      return sendScim(reply, userResource(row, baseUrl(request), ctx.now()));
    },
  );

  app.delete(
    "/Users/:id",
    { schema: { ...hide, params: ResourceParams } },
    async (request, reply) => {
      const caller = scimCallerOf(request);
      await deleteScimUser(ctx, caller, await found(caller.tenant.id, request.params.id));
      return reply.status(204).send();
    },
  );
}
