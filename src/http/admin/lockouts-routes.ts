import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { unlockUser } from "../../lockout/unlock-user.ts";
import { authorize } from "../../roles/authorize.ts";
import { listLockedOutUsers } from "../../store/queries/lockouts.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import { adminOf } from "./admin-principal.ts";
import { targetUser } from "./target-user.ts";

/**
 * Seed 001 "Blocco account", the administrator's side (Graph has no such resource): the users
 * locked out after too many wrong second factors, and unlocking one before the lockout ends.
 */
export function registerLockoutsRoutes(app: FastifyInstance, ctx: Context): void {
  const tags = ["admin"];
  app.get(
    "/api/v1/lockedOutUsers",
    {
      schema: {
        summary: "Users locked out after too many wrong codes, soonest unlocked first",
        tags,
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
          lockedUntilDateTime: new Date(u.lockedUntil).toISOString(),
        })),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    "/api/v1/users/:id/unlock",
    {
      schema: {
        summary: "End a user's lockout now and clear the failed attempts of their methods",
        tags,
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
