import type { Context } from "../../context.ts";
import { deleteUser } from "../../directory/delete-user.ts";
import type { ScimUserRow } from "../../store/queries/scim.ts";
import type { ScimCaller } from "../tokens/authenticate-scim-token.ts";
import { refusePrivilegedUser } from "./refuse-privileged-user.ts";

/**
 * SCIM's delete (RFC 7644 section 3.6): the user is deleted as an administrator deletes one
 * (methods, sessions and devices go; the logs keep their entries). Microsoft Entra usually sends
 * `active: false` first and deletes later, when the user is removed for good.
 */
export async function deleteScimUser(
  ctx: Context,
  caller: ScimCaller,
  current: ScimUserRow,
): Promise<void> {
  await refusePrivilegedUser(ctx, current.user, "delete");
  await deleteUser(ctx, caller.actor, current.user);
}
