import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { upnKey } from "../../directory/upn.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { authorize } from "../../roles/authorize.ts";
import type { Role } from "../../roles/roles.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import { findUserById, findUserByUpn } from "../../store/queries/users.ts";
import { type AdminPrincipal, adminOf } from "./admin-principal.ts";

export type TargetUser = { readonly user: User; readonly roles: Role[]; readonly isAdmin: boolean };

/**
 * The user a request names, by id or (as Graph allows) by user principal name, in the caller's
 * tenant only; whether they hold an administrator role decides what the caller may do to them.
 */
export async function targetUser(
  ctx: Context,
  admin: AdminPrincipal,
  idOrUpn: string,
): Promise<TargetUser> {
  const db = ctx.store.db;
  const user = idOrUpn.includes("@")
    ? await findUserByUpn(db, admin.tenantId, upnKey(idOrUpn))
    : await findUserById(db, idOrUpn);
  if (!user || user.tenantId !== admin.tenantId) {
    throw new VarcoError("user_not_found", `no user '${idOrUpn.slice(0, 80)}'`);
  }
  const roles = await listRolesOf(db, "user", user.id);
  return { user, roles, isAdmin: roles.length > 0 };
}

/**
 * The caller and the user a `users/{id}/authentication/…` route names, once the caller may manage
 * that user's methods (manageMethods): the check every method route starts with.
 */
export async function methodsTarget(
  ctx: Context,
  request: FastifyRequest,
  idOrUpn: string,
): Promise<{ readonly admin: AdminPrincipal; readonly user: User }> {
  const admin = adminOf(request);
  const target = await targetUser(ctx, admin, idOrUpn);
  authorize(admin, "manageMethods", target);
  return { admin, user: target.user };
}

/** The `{id}` of the `users/{id}/…` routes. */
export const UserParams = Type.Object({
  id: Type.String({ description: "The user's id, or user principal name" }),
});

/** `users/{id}/…/{methodId}`. */
export const UserMethodParams = Type.Object({
  id: Type.String({ description: "The user's id, or user principal name" }),
  methodId: Type.String({ description: "The method's id" }),
});
