import type { Context } from "../../context.ts";
import type { ScimUserRow } from "../../store/queries/scim.ts";
import { canonicalize, type Json, type JsonObject } from "../attributes.ts";
import { applyPatch } from "../patch/apply-patch.ts";
import { readPatchRequest } from "../patch/read-patch-request.ts";
import { resourceSchemas } from "../schemas.ts";
import type { ScimCaller } from "../tokens/authenticate-scim-token.ts";
import { replaceScimUser } from "./replace-scim-user.ts";
import { userResource } from "./user-resource.ts";

/**
 * SCIM's PATCH of a user (RFC 7644 section 3.5.2): the operations apply to the user as SCIM
 * shows them, and the result is stored as a replace would store it.
 */
export async function patchScimUser(
  ctx: Context,
  caller: ScimCaller,
  current: ScimUserRow,
  body: Json,
): Promise<ScimUserRow> {
  const operations = readPatchRequest(body);
  const resource = canonicalize(
    userResource(current, "", ctx.now()),
    resourceSchemas,
  ) as JsonObject;
  applyPatch(resource, operations);
  return replaceScimUser(ctx, caller, current, resource);
}
