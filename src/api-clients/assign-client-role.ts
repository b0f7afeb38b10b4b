import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import type { Role } from "../roles/roles.ts";
import { isUniqueViolation } from "../store/is-unique-violation.ts";
import type { Db } from "../store/open-store.ts";
import { type ApiClientRecord, findApiClient } from "../store/queries/api-clients.ts";
import {
  deleteRoleAssignment,
  insertRoleAssignment,
  listRolesOf,
  lockTenantRoles,
} from "../store/queries/roles.ts";

/**
 * Gives a live API client of the tenant a role (Entra's "Add member to role" for an app). The
 * admin API reads a client's roles on every request: the client's current token can use the
 * role at once.
 */
export async function assignClientRole(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  clientId: string,
  role: Role,
): Promise<void> {
  const now = ctx.now();
  try {
    await ctx.store.transaction(async (tx) => {
      const client = await liveClient(tx, tenant, clientId);
      await insertRoleAssignment(tx, {
        tenantId: tenant.id,
        principalType: "apiClient",
        principalId: client.id,
        role,
        now,
      });
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Add member to role",
          targetType: "apiClient",
          targetId: client.id,
          details: { name: client.name, role },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new VarcoError("invalid_request", `the API client already has the role ${role}`);
    }
    throw error;
  }
}

/**
 * Takes a role from an API client. It counts from the client's next request, whatever its token
 * says. A client keeps at least one role, as it was created with: to stop it, revoke it.
 */
export async function unassignClientRole(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  clientId: string,
  role: Role,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    // Two removals at once must not both count the other's role as still there.
    await lockTenantRoles(tx, tenant.id);
    const client = await liveClient(tx, tenant, clientId);
    if (!(await deleteRoleAssignment(tx, "apiClient", client.id, role))) {
      throw new VarcoError("invalid_request", `the API client does not have the role ${role}`);
    }
    if ((await listRolesOf(tx, "apiClient", client.id)).length === 0) {
      throw new VarcoError(
        "invalid_request",
        "an API client keeps at least one role: give it another first, or revoke the client",
      );
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Remove member from role",
        targetType: "apiClient",
        targetId: client.id,
        details: { name: client.name, role },
      },
    );
  });
}

async function liveClient(db: Db, tenant: Tenant, clientId: string): Promise<ApiClientRecord> {
  const client = await findApiClient(db, clientId);
  if (!client || client.tenantId !== tenant.id || client.revokedAt !== null) {
    throw new VarcoError("not_found", `no live API client ${clientId.slice(0, 40)}`);
  }
  return client;
}
