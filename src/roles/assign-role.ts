import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { isUniqueViolation } from "../store/is-unique-violation.ts";
import {
  countUsersWithRole,
  deleteRoleAssignment,
  insertRoleAssignment,
  lockTenantRoles,
} from "../store/queries/roles.ts";
import type { Role } from "./roles.ts";

/** Gives a user an administrator role in their tenant (Entra's "Add member to role"). */
export async function assignRole(
  ctx: Context,
  actor: Actor,
  user: User,
  role: Role,
): Promise<void> {
  const now = ctx.now();
  try {
    await ctx.store.transaction(async (tx) => {
      await insertRoleAssignment(tx, {
        tenantId: user.tenantId,
        principalType: "user",
        principalId: user.id,
        role,
        now,
      });
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: user.tenantId,
          action: "Add member to role",
          targetType: "user",
          targetId: user.id,
          details: { upn: user.upn, role },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new VarcoError("invalid_request", `user '${user.upn}' already has the role ${role}`);
    }
    throw error;
  }
}

/**
 * Takes a role from a user. The tenant's last Global Administrator keeps the role: without one,
 * nobody could assign roles again.
 */
export async function unassignRole(
  ctx: Context,
  actor: Actor,
  user: User,
  role: Role,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockTenantRoles(tx, user.tenantId);
    if (!(await deleteRoleAssignment(tx, "user", user.id, role))) {
      throw new VarcoError("invalid_request", `user '${user.upn}' does not have the role ${role}`);
    }
    if (
      role === "globalAdministrator" &&
      (await countUsersWithRole(tx, user.tenantId, role)) === 0
    ) {
      throw new VarcoError(
        "last_global_administrator",
        "the tenant's last Global Administrator keeps the role: assign it to someone else first",
      );
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Remove member from role",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn, role },
      },
    );
  });
}
