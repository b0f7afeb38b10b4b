import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { findUserByUpn } from "../store/queries/users.ts";
import type { Tenant, User } from "./types.ts";
import { upnKey } from "./upn.ts";

export async function findUser(ctx: Context, tenant: Tenant, upn: string): Promise<User> {
  const user = await findUserByUpn(ctx.store.db, tenant.id, upnKey(upn));
  if (!user)
    throw new VarcoError("user_not_found", `no user '${upn.trim()}' in tenant '${tenant.name}'`);
  return user;
}
