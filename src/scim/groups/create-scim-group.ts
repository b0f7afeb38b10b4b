import type { Context } from "../../context.ts";
import { createGroup } from "../../directory/create-group.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { listScimGroups, type ScimGroupRow } from "../../store/queries/scim.ts";
import type { Json } from "../attributes.ts";
import type { ScimCaller } from "../tokens/authenticate-scim-token.ts";
import { deleteScimGroup } from "./delete-scim-group.ts";
import { readGroupInput } from "./read-group-input.ts";
import { writeGroup } from "./write-group.ts";

/**
 * SCIM's create of a group (RFC 7644 section 3.3): a Varco group named by `displayName`, with
 * its externalId and members. A group whose externalId or members are refused is not left
 * behind.
 */
export async function createScimGroup(
  ctx: Context,
  caller: ScimCaller,
  body: Json,
): Promise<ScimGroupRow> {
  const input = readGroupInput(body);
  if (
    input.externalId !== null &&
    (
      await listScimGroups(ctx.store.db, caller.tenant.id, {
        column: "external_id",
        value: input.externalId,
      })
    ).length > 0
  ) {
    throw new VarcoError(
      "scim_external_id_exists",
      "another group of the tenant has this externalId",
    );
  }
  const created = await createGroup(ctx, caller.actor, caller.tenant, input.displayName);
  const group: ScimGroupRow = {
    id: created.id,
    tenantId: caller.tenant.id,
    name: created.name,
    externalId: null,
    createdAt: created.createdAt,
  };
  if (input.externalId === null && input.memberIds.length === 0) return group;
  try {
    await writeGroup(ctx, caller, group, { ...input, displayName: created.name }, []);
  } catch (error) {
    await deleteScimGroup(ctx, caller, group);
    throw error;
  }
  return { ...group, externalId: input.externalId };
}
