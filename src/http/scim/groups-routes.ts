import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { canonicalize, type Json } from "../../scim/attributes.ts";
import { createScimGroup } from "../../scim/groups/create-scim-group.ts";
import { deleteScimGroup } from "../../scim/groups/delete-scim-group.ts";
import { groupResource } from "../../scim/groups/group-resource.ts";
import { listGroupsPage } from "../../scim/groups/list-groups-page.ts";
import { patchScimGroup } from "../../scim/groups/patch-scim-group.ts";
import { readGroupInput } from "../../scim/groups/read-group-input.ts";
import { writeGroup } from "../../scim/groups/write-group.ts";
import { project, readPageRequest } from "../../scim/list-page.ts";
import { resourceSchemas } from "../../scim/schemas.ts";
import { findScimGroup, listMembersOf, type ScimGroupRow } from "../../store/queries/scim.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import type { ScimBaseUrl } from "./register-scim.ts";
import { scimCallerOf } from "./require-scim-token.ts";
import { ListQuery, ResourceParams, ResourceQuery, ScimBody } from "./scim-contracts.ts";
import { sendScim } from "./send-scim.ts";

const hide = { hide: true } as const;

/** Whether an answer includes members: not when the client excludes them or names others. */
function wantsMembers(query: { attributes?: string; excludedAttributes?: string }): boolean {
  const names = (text: string | undefined) =>
    (text ?? "")
      .toLowerCase()
      .split(",")
      .map((n) => n.trim());
  if (names(query.excludedAttributes).includes("members")) return false;
  return (
    query.attributes === undefined || names(query.attributes).some((n) => n.startsWith("members"))
  );
}

/** /Groups (RFC 7644 section 3): groups of the tenant's users, for the MFA policy and reports. */
export function registerGroupsRoutes(app: ContractApp, ctx: Context, baseUrl: ScimBaseUrl): void {
  const found = async (tenantId: string, id: string): Promise<ScimGroupRow> => {
    const group = await findScimGroup(ctx.store.db, tenantId, id);
    if (!group) throw new VarcoError("scim_resource_not_found", `no group ${id.slice(0, 100)}`);
    return group;
  };
  const body = (value: unknown): Json => canonicalize(value, resourceSchemas);
  const show = async (
    group: ScimGroupRow,
    request: Parameters<ScimBaseUrl>[0],
    withMembers: boolean,
  ) =>
    groupResource(
      group,
      withMembers ? await listMembersOf(ctx.store.db, [group.id]) : undefined,
      baseUrl(request),
    );

  app.post("/Groups", { schema: { ...hide, body: ScimBody } }, async (request, reply) => {
    const group = await createScimGroup(ctx, scimCallerOf(request), body(request.body));
    const resource = await show(group, request, true);
    reply.header("location", (resource.meta as { location: string }).location);
    return sendScim(reply.status(201), resource);
  });

  app.get("/Groups", { schema: { ...hide, querystring: ListQuery } }, async (request, reply) => {
    const list = await listGroupsPage(ctx, scimCallerOf(request).tenant, {
      filter: request.query.filter,
      page: readPageRequest(request.query),
      baseUrl: baseUrl(request),
      withMembers: wantsMembers(request.query),
      shape: (resource) => project(resource, request.query),
    });
    return sendScim(reply, list);
  });

  app.get(
    "/Groups/:id",
    { schema: { ...hide, params: ResourceParams, querystring: ResourceQuery } },
    async (request, reply) => {
      const group = await found(scimCallerOf(request).tenant.id, request.params.id);
      return sendScim(
        reply,
        project(await show(group, request, wantsMembers(request.query)), request.query),
      );
    },
  );

  app.put(
    "/Groups/:id",
    { schema: { ...hide, params: ResourceParams, body: ScimBody } },
    async (request, reply) => {
      const caller = scimCallerOf(request);
      const group = await found(caller.tenant.id, request.params.id);
      const seen = await listMembersOf(ctx.store.db, [group.id]);
      await writeGroup(
        ctx,
        caller,
        group,
        readGroupInput(body(request.body)),
        seen.map((member) => member.userId),
      );
      return sendScim(reply, await show(await found(caller.tenant.id, group.id), request, true));
    },
  );

  // 204, as RFC 7644 section 3.5.2 allows: a group of thousands is not sent back for each change.
  app.patch(
    "/Groups/:id",
    { schema: { ...hide, params: ResourceParams, body: ScimBody } },
    async (request, reply) => {
      const caller = scimCallerOf(request);
      await patchScimGroup(
        ctx,
        caller,
        await found(caller.tenant.id, request.params.id),
        body(request.body),
      );
      return reply.status(204).send();
    },
  );

  app.delete(
    "/Groups/:id",
    { schema: { ...hide, params: ResourceParams } },
    async (request, reply) => {
      const caller = scimCallerOf(request);
      await deleteScimGroup(ctx, caller, await found(caller.tenant.id, request.params.id));
      return reply.status(204).send();
    },
  );
}
