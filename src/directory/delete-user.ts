import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { releaseTokens } from "../hardware-tokens/release-tokens.ts";
import { secondFactorCounterKey } from "../store/queries/lockouts.ts";
import { countUsersWithRole, listRolesOf, lockTenantRoles } from "../store/queries/roles.ts";
import { deleteUserRow } from "../store/queries/users.ts";
import type { User } from "./types.ts";

/**
 * Deletes a user (Entra's "Delete user"): their methods, backup codes, Temporary Access Pass,
 * sessions, remembered devices, pending sign-ins, roles and group memberships go with them; the
 * sign-in log and the audit log keep their entries, with the UPN. A sign-in in progress ends
 * without a session (its pending sign-in is gone, and a session cannot name a missing user).
 * The tenant's last Global Administrator cannot be deleted: without one, nobody could assign
 * roles again. The UPN is free afterwards, for a new user with nothing of the old one.
 */
export async function deleteUser(ctx: Context, actor: Actor, user: User): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockTenantRoles(tx, user.tenantId);
    const roles = await listRolesOf(tx, "user", user.id);
    if (
      roles.includes("globalAdministrator") &&
      (await countUsersWithRole(tx, user.tenantId, "globalAdministrator")) <= 1
    ) {
      throw new VarcoError(
        "last_global_administrator",
        "the tenant's last Global Administrator cannot be deleted: assign the role to someone else first",
      );
    }
    await releaseTokens(tx, user.id);
    if (!(await deleteUserRow(tx, user.id, secondFactorCounterKey(user.id)))) {
      throw new VarcoError("user_not_found", `no user '${user.upn}'`);
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Delete user",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn, displayName: user.displayName, roles },
      },
    );
  });
}
