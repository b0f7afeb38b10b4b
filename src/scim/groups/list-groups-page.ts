import type { Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";
import { listMembersOf, listScimGroups } from "../../store/queries/scim.ts";
import type { JsonObject } from "../attributes.ts";
import { matchesFilter } from "../filter/evaluate-filter.ts";
import { parseFilter } from "../filter/parse-filter.ts";
import { listResponse, type PageRequest } from "../list-page.ts";
import { type GroupMember, groupResource } from "./group-resource.ts";

/**
 * SCIM's query of groups, by name. Members are read only for the page answered, and not at all
 * when the client excludes them (Microsoft Entra's `excludedAttributes=members`) or the filter
 * does not ask about them.
 */
export async function listGroupsPage(
  ctx: Context,
  tenant: Tenant,
  request: {
    filter: string | undefined;
    page: PageRequest;
    baseUrl: string;
    /** What of each resource is answered (`attributes`, `excludedAttributes`). */
    shape: (resource: JsonObject) => JsonObject;
    withMembers: boolean;
  },
): Promise<JsonObject> {
  const filter = request.filter === undefined ? undefined : parseFilter(request.filter);
  const groups = await listScimGroups(ctx.store.db, tenant.id);
  const filterNeedsMembers = request.filter !== undefined && /members/i.test(request.filter);
  const membersOf = filterNeedsMembers
    ? await membersByGroup(
        ctx,
        groups.map((g) => g.id),
      )
    : undefined;
  const matching = groups.filter(
    (group) =>
      filter === undefined ||
      matchesFilter(groupResource(group, membersOf?.get(group.id) ?? [], request.baseUrl), filter),
  );
  const start = request.page.startIndex - 1;
  const onPage = matching.slice(start, start + request.page.count);
  const pageMembers = request.withMembers
    ? (membersOf ??
      (await membersByGroup(
        ctx,
        onPage.map((g) => g.id),
      )))
    : undefined;
  const resources = matching.map((group) =>
    groupResource(
      group,
      pageMembers ? (pageMembers.get(group.id) ?? []) : undefined,
      request.baseUrl,
    ),
  );
  return listResponse(resources, request.page, request.shape);
}

async function membersByGroup(ctx: Context, ids: string[]): Promise<Map<string, GroupMember[]>> {
  const byGroup = new Map<string, GroupMember[]>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const member of await listMembersOf(ctx.store.db, ids.slice(i, i + 500))) {
      const list = byGroup.get(member.groupId) ?? [];
      list.push({ userId: member.userId, upn: member.upn });
      byGroup.set(member.groupId, list);
    }
  }
  return byGroup;
}
