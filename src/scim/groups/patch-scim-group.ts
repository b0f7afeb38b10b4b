import type { Context } from "../../context.ts";
import { listMembersOf, type ScimGroupRow } from "../../store/queries/scim.ts";
import { canonicalize, type Json, type JsonObject } from "../attributes.ts";
import { applyPatch } from "../patch/apply-patch.ts";
import { readPatchRequest } from "../patch/read-patch-request.ts";
import { resourceSchemas } from "../schemas.ts";
import type { ScimCaller } from "../tokens/authenticate-scim-token.ts";
import { groupResource } from "./group-resource.ts";
import { readGroupInput } from "./read-group-input.ts";
import { writeGroup } from "./write-group.ts";

/**
 * SCIM's PATCH of a group (RFC 7644 section 3.5.2): the way Microsoft Entra renames a group and
 * adds and removes members (`{"op":"Add","path":"members","value":[{"value":"<user id>"}]}`,
 * `{"op":"Remove","path":"members[value eq \"<user id>\"]"}`).
 */
export async function patchScimGroup(
  ctx: Context,
  caller: ScimCaller,
  group: ScimGroupRow,
  body: Json,
): Promise<void> {
  const operations = readPatchRequest(body);
  const members = await listMembersOf(ctx.store.db, [group.id]);
  const resource = canonicalize(groupResource(group, members, ""), resourceSchemas) as JsonObject;
  applyPatch(resource, operations);
  await writeGroup(
    ctx,
    caller,
    group,
    readGroupInput(resource),
    members.map((member) => member.userId),
  );
}
