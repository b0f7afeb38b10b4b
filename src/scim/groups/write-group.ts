import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import { deleteGroupMember, insertGroupMember } from "../../store/queries/groups.ts";
import {
  existingUserIds,
  listMembersOf,
  type ScimGroupRow,
  updateScimGroupRow,
} from "../../store/queries/scim.ts";
import type { ScimCaller } from "../tokens/authenticate-scim-token.ts";
import type { ScimGroupInput } from "./read-group-input.ts";

/**
 * Makes a group what a SCIM Group says: its name, externalId and members, in one transaction
 * with an audit entry per change ("Update group", "Add member to group", "Remove member from
 * group"). Every member must be a user of the tenant; nothing changes otherwise.
 *
 * Members change by difference from `seen`, the members the request was read against: two
 * PATCHes that each add a member (Microsoft Entra sends them side by side) both land, instead of
 * the second putting back the list the first one changed.
 */
export async function writeGroup(
  ctx: Context,
  caller: ScimCaller,
  group: ScimGroupRow,
  input: ScimGroupInput,
  seen: readonly string[],
): Promise<void> {
  if (input.displayName.length > 100) {
    throw new VarcoError("scim_invalid_value", "a group name has 1 to 100 characters");
  }
  const known = await existingUserIds(ctx.store.db, caller.tenant.id, input.memberIds);
  const unknown = input.memberIds.find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new VarcoError(
      "scim_invalid_value",
      `member '${unknown.slice(0, 100)}' is not a user of the tenant (groups hold users only)`,
    );
  }
  const now = ctx.now();
  const audit = { now, actor: caller.actor, keyring: ctx.keyring };
  try {
    await ctx.store.transaction(async (tx) => {
      const members = await listMembersOf(tx, [group.id]);
      const before = new Set(seen);
      const after = new Set(input.memberIds);
      const renamed = input.displayName !== group.name;
      const externalIdChanged = input.externalId !== group.externalId;
      if (renamed || externalIdChanged) {
        await updateScimGroupRow(tx, group.id, {
          name: input.displayName,
          external_id: input.externalId,
        });
        await recordAudit(tx, audit, {
          tenantId: caller.tenant.id,
          action: "Update group",
          targetType: "group",
          targetId: group.id,
          details: {
            before: { name: group.name, externalId: group.externalId },
            after: { name: input.displayName, externalId: input.externalId },
          },
        });
      }
      const upnOf = new Map(members.map((member) => [member.userId, member.upn]));
      for (const userId of input.memberIds.filter((id) => !before.has(id))) {
        if (!(await insertGroupMember(tx, group.id, userId))) continue;
        await recordMembership(
          tx,
          audit,
          caller,
          group,
          input.displayName,
          userId,
          true,
          known.get(userId),
        );
      }
      for (const userId of [...before].filter((id) => !after.has(id))) {
        if (!(await deleteGroupMember(tx, group.id, userId))) continue;
        await recordMembership(
          tx,
          audit,
          caller,
          group,
          input.displayName,
          userId,
          false,
          upnOf.get(userId),
        );
      }
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new VarcoError(
      input.displayName !== group.name ? "group_exists" : "scim_external_id_exists",
      input.displayName !== group.name
        ? `group '${input.displayName}' exists`
        : "another group of the tenant has this externalId",
      { cause: error },
    );
  }
}

async function recordMembership(
  tx: Parameters<typeof recordAudit>[0],
  audit: Parameters<typeof recordAudit>[1],
  caller: ScimCaller,
  group: ScimGroupRow,
  name: string,
  userId: string,
  member: boolean,
  upn?: string,
): Promise<void> {
  await recordAudit(tx, audit, {
    tenantId: caller.tenant.id,
    action: member ? "Add member to group" : "Remove member from group",
    targetType: "group",
    targetId: group.id,
    details: { group: name, userId, ...(upn === undefined ? {} : { upn }) },
  });
}
