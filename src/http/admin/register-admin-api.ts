import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { requireAdminToken } from "./admin-principal.ts";
import { registerHardwareTokensRoutes } from "./hardware-tokens-routes.ts";
import { registerLockoutsRoutes } from "./lockouts-routes.ts";
import { registerLogsRoutes } from "./logs-routes.ts";
import { registerMethodsRoutes } from "./methods-routes.ts";
import { registerPolicyRoutes } from "./policy-routes.ts";
import { registerRiskRoutes } from "./risk-routes.ts";
import { registerRoleAssignmentsRoutes } from "./role-assignments-routes.ts";
import { registerTokenRoute } from "./token-route.ts";
import { registerUsersRoutes } from "./users-routes.ts";

/**
 * The admin API, shaped like Microsoft Graph: an API client gets a token at /api/v1/oauth2/token,
 * and every other route checks it first, before the body is read, then asks the one
 * authorization point (roles/authorize.ts) for each action.
 */
export async function registerAdminApi(app: FastifyInstance, ctx: Context): Promise<void> {
  registerTokenRoute(app, ctx);
  await app.register((admin, _options, done) => {
    admin.addHook("onRequest", requireAdminToken(ctx));
    registerUsersRoutes(admin, ctx);
    registerMethodsRoutes(admin, ctx);
    registerPolicyRoutes(admin, ctx);
    registerLogsRoutes(admin, ctx);
    registerHardwareTokensRoutes(admin, ctx);
    registerRiskRoutes(admin, ctx);
    registerLockoutsRoutes(admin, ctx);
    registerRoleAssignmentsRoutes(admin, ctx);
    done();
  });
}
