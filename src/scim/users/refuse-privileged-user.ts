import type { Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { Db } from "../../store/open-store.ts";
import { listRolesOf } from "../../store/queries/roles.ts";

/**
 * A SCIM token may not block, delete, rename or set the password of a user who holds an
 * administrator role: whoever holds a leaked provisioning token must not be able to lock the
 * administrators out or take over their sign-in. Such a user is changed in Varco.
 */
export async function refusePrivilegedUser(
  ctx: Context,
  user: User,
  what: string,
  db: Db = ctx.store.db,
): Promise<void> {
  const roles = await listRolesOf(db, "user", user.id);
  if (roles.length > 0) {
    throw new VarcoError(
      "scim_privileged_user",
      `${user.upn} holds an administrator role: SCIM may not ${what} them`,
    );
  }
}
