import type { Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";
import { upnKey } from "../../directory/upn.ts";
import { listScimUsers } from "../../store/queries/scim.ts";
import type { JsonObject } from "../attributes.ts";
import { matchesFilter } from "../filter/evaluate-filter.ts";
import { type Filter, parseFilter } from "../filter/parse-filter.ts";
import { listResponse, type PageRequest } from "../list-page.ts";
import { userResource } from "./user-resource.ts";

/**
 * SCIM's query of users (RFC 7644 section 3.4.2), in UPN order. The question a provisioning
 * client asks before every create, `userName eq "…"` (or `externalId eq`, `id eq`), is one
 * indexed read; any other filter is evaluated over the tenant's users.
 */
export async function listUsersPage(
  ctx: Context,
  tenant: Tenant,
  request: {
    filter: string | undefined;
    page: PageRequest;
    baseUrl: string;
    /** What of each resource is answered (`attributes`, `excludedAttributes`). */
    shape: (resource: JsonObject) => JsonObject;
  },
): Promise<JsonObject> {
  const filter = request.filter === undefined ? undefined : parseFilter(request.filter);
  const rows = await listScimUsers(ctx.store.db, tenant.id, filter && indexedLookup(filter));
  const now = ctx.now();
  const resources = rows
    .map((row) => userResource(row, request.baseUrl, now))
    .filter((resource) => filter === undefined || matchesFilter(resource, filter));
  return listResponse(resources, request.page, request.shape);
}

function indexedLookup(filter: Filter) {
  if (filter.kind !== "compare" || filter.op !== "eq" || typeof filter.value !== "string") {
    return undefined;
  }
  if (filter.path.uri !== undefined || filter.path.sub !== undefined) return undefined;
  switch (filter.path.attr) {
    case "userName":
      return { column: "upn_key" as const, value: upnKey(filter.value) };
    case "externalId":
      return { column: "external_id" as const, value: filter.value };
    case "id":
      return { column: "id" as const, value: filter.value };
    default:
      return undefined;
  }
}
