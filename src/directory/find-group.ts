import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { findGroupByName, type Group } from "../store/queries/groups.ts";
import type { Tenant } from "./types.ts";

export async function findGroup(ctx: Context, tenant: Tenant, name: string): Promise<Group> {
  const group = await findGroupByName(ctx.store.db, tenant.id, name.trim());
  if (!group)
    throw new VarcoError("group_not_found", `no group '${name.trim()}' in tenant '${tenant.name}'`);
  return group;
}
