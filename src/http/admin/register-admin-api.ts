import type { Context } from "../../context.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { requireAdminToken } from "./admin-principal.ts";
import { registerAppPasswordsRoutes } from "./app-passwords-routes.ts";
import { registerBrandingApiRoutes } from "./branding-routes.ts";
import { registerDomainsRoutes } from "./domains-routes.ts";
import { registerEmailMethodsRoutes } from "./email-methods-routes.ts";
import { registerFido2MethodsRoutes } from "./fido2-methods-routes.ts";
import { registerHardwareTokensRoutes } from "./hardware-tokens-routes.ts";
import { registerLockoutsRoutes } from "./lockouts-routes.ts";
import { registerLogsRoutes } from "./logs-routes.ts";
import { registerMethodConfigurationsRoutes } from "./method-configurations-routes.ts";
import { registerMethodsRoutes } from "./methods-routes.ts";
import { registerPasswordMethodsRoutes } from "./password-methods-routes.ts";
import { registerPhoneMessagesRoutes } from "./phone-messages-routes.ts";
import { registerPhoneMethodsRoutes } from "./phone-methods-routes.ts";
import { registerPhoneSettingsRoutes } from "./phone-settings-routes.ts";
import { registerPolicyRoutes } from "./policy-routes.ts";
import { registerRiskRoutes } from "./risk-routes.ts";
import { registerRoleAssignmentsRoutes } from "./role-assignments-routes.ts";
import { registerSecurityQuestionsRoutes } from "./security-questions-routes.ts";
import { registerSignInPreferencesRoutes } from "./sign-in-preferences-routes.ts";
import { registerTokenRoute } from "./token-route.ts";
import { registerUsersBulkRoutes } from "./users-bulk-routes.ts";
import { registerUsersRoutes } from "./users-routes.ts";

/** How the OpenAPI document names the admin API's bearer token. */
export const adminTokenScheme = {
  adminToken: {
    type: "oauth2",
    description: "An access token of an API client (varco apiclient create), one hour long",
    flows: { clientCredentials: { tokenUrl: "/api/v1/oauth2/token", scopes: {} } },
  },
} as const;

/**
 * The admin API, shaped like Microsoft Graph: an API client gets a token at /api/v1/oauth2/token,
 * and every other route checks it first, before the body is read, then asks the one
 * authorization point (roles/authorize.ts) for each action.
 */
export async function registerAdminApi(app: ContractApp, ctx: Context): Promise<void> {
  registerTokenRoute(app, ctx);
  await app.register((admin, _options, done) => {
    admin.addHook("onRequest", requireAdminToken(ctx));
    // The document says so of every route here, where the check is.
    admin.addHook("onRoute", (route) => {
      route.schema = { ...route.schema, security: [{ adminToken: [] }] };
    });
    registerUsersRoutes(admin, ctx);
    registerMethodsRoutes(admin, ctx);
    registerPhoneMethodsRoutes(admin, ctx);
    registerFido2MethodsRoutes(admin, ctx);
    registerPasswordMethodsRoutes(admin, ctx);
    registerPolicyRoutes(admin, ctx);
    registerLogsRoutes(admin, ctx);
    registerHardwareTokensRoutes(admin, ctx);
    registerRiskRoutes(admin, ctx);
    registerLockoutsRoutes(admin, ctx);
    registerRoleAssignmentsRoutes(admin, ctx);
    registerDomainsRoutes(admin, ctx);
    registerUsersBulkRoutes(admin, ctx);
    registerBrandingApiRoutes(admin, ctx);
    registerPhoneSettingsRoutes(admin, ctx);
    registerMethodConfigurationsRoutes(admin, ctx);
    registerPhoneMessagesRoutes(admin, ctx);
    registerSignInPreferencesRoutes(admin, ctx);
    registerEmailMethodsRoutes(admin, ctx);
    registerSecurityQuestionsRoutes(admin, ctx);
    registerAppPasswordsRoutes(admin, ctx);
    done();
  });
}
