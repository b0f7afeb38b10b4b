import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { deleteGroupRow, listMembersOf, type ScimGroupRow } from "../../store/queries/scim.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import type { ScimCaller } from "../tokens/authenticate-scim-token.ts";

/**
 * SCIM's delete of a group: the group and its memberships go, the users stay. A group the
 * tenant's MFA policy names cannot go: the one it requires MFA of (its members would silently
 * stop being asked for a second factor), or one it requires phishing-resistant MFA of (they would
 * silently go back to any second factor).
 */
export async function deleteScimGroup(
  ctx: Context,
  caller: ScimCaller,
  group: ScimGroupRow,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const tenant = await findTenantById(tx, caller.tenant.id);
    if (tenant?.policy.mfaRequiredFor === "group" && tenant.policy.mfaGroupId === group.id) {
      throw new VarcoError("scim_policy_group", `the MFA policy names the group '${group.name}'`);
    }
    if (tenant?.policy.phishingResistantGroupIds.includes(group.id)) {
      throw new VarcoError(
        "scim_policy_group",
        `the MFA policy requires phishing-resistant MFA of the group '${group.name}'`,
      );
    }
    const members = await listMembersOf(tx, [group.id]);
    if (!(await deleteGroupRow(tx, group.id))) {
      throw new VarcoError("scim_resource_not_found", "no such group");
    }
    await recordAudit(
      tx,
      { now, actor: caller.actor, keyring: ctx.keyring },
      {
        tenantId: caller.tenant.id,
        action: "Delete group",
        targetType: "group",
        targetId: group.id,
        details: { name: group.name, externalId: group.externalId, members: members.length },
      },
    );
  });
}
