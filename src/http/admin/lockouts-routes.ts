import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { unlockUser } from "../../lockout/unlock-user.ts";
import { authorize } from "../../roles/authorize.ts";
import { listLockedOutUsers } from "../../store/queries/lockouts.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { BooleanValue, GraphCollection } from "../contracts/graph-collection.ts";
import { DateTime, isoTime } from "../contracts/nullable.ts";
import { adminOf } from "./admin-principal.ts";
import { targetUser, UserParams } from "./target-user.ts";

const LockedOutUser = Type.Object(
  {
    id: Type.String({ description: "The user's id" }),
    userPrincipalName: Type.String(),
    failedAttempts: Type.Integer({ description: "Wrong second factors counted" }),
    lockedUntilDateTime: DateTime,
  },
  { description: "A user locked out after too many wrong codes" },
);

/**
 * Seed 001 "Blocco account", the administrator's side (Graph has no such resource): the users
 * locked out after too many wrong second factors, and unlocking one before the lockout ends.
 */
export function registerLockoutsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["lockouts"];
  app.get(
    "/api/v1/lockedOutUsers",
    {
      schema: {
        summary: "Users locked out after too many wrong codes, soonest unlocked first",
        tags,
        response: {
          200: GraphCollection(LockedOutUser, "Every user locked out now"),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readDirectory");
      const tenant = await findTenantById(ctx.store.db, admin.tenantId);
      if (!tenant) throw new VarcoError("tenant_not_found");
      const { lockoutThreshold } = tenant.policy;
      const locked = await listLockedOutUsers(ctx.store.db, tenant.id, lockoutThreshold, ctx.now());
      return {
        value: locked.map((u) => ({
          id: u.userId,
          userPrincipalName: u.upn,
          failedAttempts: u.failures,
          lockedUntilDateTime: isoTime(u.lockedUntil),
        })),
      };
    },
  );

  app.post(
    "/api/v1/users/:id/unlock",
    {
      schema: {
        summary: "End a user's lockout now and clear the failed attempts of their methods",
        description: "A user who is not locked out gets 400 invalid_request.",
        tags,
        params: UserParams,
        response: { 200: BooleanValue, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageSessions", target);
      const tenant = await findTenantById(ctx.store.db, admin.tenantId);
      if (!tenant) throw new VarcoError("tenant_not_found");
      await unlockUser(ctx, admin.actor, tenant, target.user);
      return { value: true };
    },
  );
}
