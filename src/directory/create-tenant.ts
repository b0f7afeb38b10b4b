import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { defaultTenantPolicy } from "../policy/tenant-policy.ts";
import { isUniqueViolation } from "../store/is-unique-violation.ts";
import { findTenantByName, insertTenant } from "../store/queries/tenants.ts";
import type { Tenant } from "./types.ts";

const namePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

export async function createTenant(
  ctx: Context,
  actor: Actor,
  input: { name: string; displayName?: string | undefined },
): Promise<Tenant> {
  const name = input.name.trim().toLowerCase();
  if (!namePattern.test(name)) {
    throw new VarcoError(
      "invalid_request",
      "a tenant name has 1-63 lowercase letters, digits or -, and starts with a letter or digit",
    );
  }
  const now = ctx.now();
  const tenant: Tenant = {
    id: randomUUID(),
    name,
    displayName: input.displayName?.trim() || name,
    policy: defaultTenantPolicy,
    createdAt: now,
    hasDirectory: false,
  };
  try {
    await ctx.store.transaction(async (tx) => {
      await insertTenant(tx, {
        id: tenant.id,
        name: tenant.name,
        display_name: tenant.displayName,
        policy_json: JSON.stringify(tenant.policy),
        created_at: now,
      });
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Add tenant",
          targetType: "tenant",
          targetId: tenant.id,
          details: { name: tenant.name, displayName: tenant.displayName },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error) || (await findTenantByName(ctx.store.db, name))) {
      throw new VarcoError("tenant_exists", `tenant '${name}' exists`, { cause: error });
    }
    throw error;
  }
  return tenant;
}
