import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { deleteGroupMember, type Group, insertGroupMember } from "../store/queries/groups.ts";
import type { User } from "./types.ts";

/** Adds a user to a group or removes them; asking for what is already so is an error. */
export async function setGroupMember(
  ctx: Context,
  actor: Actor,
  group: Group,
  user: User,
  member: boolean,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const changed = member
      ? await insertGroupMember(tx, group.id, user.id)
      : await deleteGroupMember(tx, group.id, user.id);
    if (!changed) {
      throw new VarcoError(
        "invalid_request",
        `${user.upn} is ${member ? "already" : "not"} a member of '${group.name}'`,
      );
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: member ? "Add member to group" : "Remove member from group",
        targetType: "group",
        targetId: group.id,
        details: { group: group.name, upn: user.upn, userId: user.id },
      },
    );
  });
}
