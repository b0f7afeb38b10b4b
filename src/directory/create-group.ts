import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { isUniqueViolation } from "../store/is-unique-violation.ts";
import { type Group, insertGroup } from "../store/queries/groups.ts";
import type { Tenant } from "./types.ts";

/** Groups let policies target some users (e.g. "staff" must use MFA, "students" not yet). */
export async function createGroup(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  name: string,
): Promise<Group> {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) {
    throw new VarcoError("invalid_request", "a group name has 1 to 100 characters");
  }
  const now = ctx.now();
  const group: Group = { id: randomUUID(), name: trimmed, createdAt: now };
  try {
    await ctx.store.transaction(async (tx) => {
      await insertGroup(tx, { id: group.id, tenant_id: tenant.id, name: trimmed, created_at: now });
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Add group",
          targetType: "group",
          targetId: group.id,
          details: { name: trimmed },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new VarcoError("group_exists", `group '${trimmed}' exists`, { cause: error });
    }
    throw error;
  }
  return group;
}
