import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { registerPasskeySignInApi } from "../api/passkey-sign-in-api.ts";
import { registerSignInApi } from "../api/sign-in-api.ts";
import { contractApp } from "../contracts/contract-app.ts";
import { registerSmsStatusRoutes } from "../hooks/sms-status-routes.ts";
import { registerVoiceCallRoutes } from "../hooks/voice-call-routes.ts";
import { registerVoiceGreetingRoutes } from "../hooks/voice-greeting-routes.ts";
import { registerAccountRoutes } from "./account-routes.ts";
import { registerAdminBrandingRoutes } from "./admin-branding-routes.ts";
import { registerAdminLogRoutes } from "./admin-log-routes.ts";
import { registerAdminMethodsRoutes } from "./admin-methods-routes.ts";
import { registerAdminPasswordResetRoutes } from "./admin-password-reset-routes.ts";
import { registerAdminPhoneMessagesRoutes } from "./admin-phone-messages-routes.ts";
import { registerAdminPhoneRoutes } from "./admin-phone-routes.ts";
import { registerAdminPolicyRoutes } from "./admin-policy-routes.ts";
import { registerAdminRoutes } from "./admin-routes.ts";
import { registerAdminSecurityQuestionsRoutes } from "./admin-security-questions-routes.ts";
import { registerAdminTenantRoutes } from "./admin-tenant-routes.ts";
import { registerAdminTokensRoutes } from "./admin-tokens-routes.ts";
import { registerAdminUsersBulkRoutes } from "./admin-users-bulk-routes.ts";
import { registerAdminVoiceGreetingsRoutes } from "./admin-voice-greetings-routes.ts";
import { registerBrandingRoutes } from "./branding-routes.ts";
import { registerCsrfCheck } from "./csrf-check.ts";
import { registerPasskeyRegistrationRoutes } from "./passkey-registration-routes.ts";
import { registerPasskeySignInRoutes } from "./passkey-sign-in-routes.ts";
import { registerPasswordResetRoutes } from "./password-reset-routes.ts";
import { registerPhoneCodeRoutes } from "./phone-code-routes.ts";
import { registerPhoneRegistrationRoutes } from "./phone-registration-routes.ts";
import { registerReauthPasskeyRoutes } from "./reauth-passkey-routes.ts";
import { registerReauthRoutes } from "./reauth-routes.ts";
import { registerRegistrationRoutes } from "./registration-routes.ts";
import { registerSecurityInfoAppPasswordRoutes } from "./security-info-app-password-routes.ts";
import { registerSecurityInfoConfirmRoutes } from "./security-info-confirm-routes.ts";
import { registerSecurityInfoEmailRoutes } from "./security-info-email-routes.ts";
import { registerSecurityInfoPasskeyRoutes } from "./security-info-passkey-routes.ts";
import { registerSecurityInfoPasswordRoutes } from "./security-info-password-routes.ts";
import { registerSecurityInfoPhoneRoutes } from "./security-info-phone-routes.ts";
import { registerSecurityInfoRoutes } from "./security-info-routes.ts";
import { registerSecurityInfoSecurityQuestionsRoutes } from "./security-info-security-questions-routes.ts";
import { registerSignInRoutes } from "./sign-in-routes.ts";
import { registerStrictTransportSecurity } from "./strict-transport-security.ts";
import type { Web } from "./web-context.ts";
import { registerWebauthnScriptRoute } from "./webauthn-script-route.ts";

/** The pages people use: sign-in, registration, security info. */
export async function registerWeb(
  app: FastifyInstance,
  ctx: Context,
  options: { publicUrl?: string | undefined },
): Promise<void> {
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  const secure = publicOrigin?.startsWith("https://") ?? false;
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL("../../web/static/", import.meta.url)),
    prefix: "/static/",
    maxAge: "1h",
    schemaHide: true,
  });
  const web: Web = { ctx, secure, publicOrigin };
  if (secure) registerStrictTransportSecurity(app);
  registerCsrfCheck(app, web);
  // The pages too take their forms' and query strings' shapes from their routes' schemas.
  const pages = contractApp(app);
  registerSignInRoutes(pages, web);
  registerRegistrationRoutes(pages, web);
  registerPhoneCodeRoutes(pages, web);
  registerPhoneRegistrationRoutes(pages, web);
  registerSecurityInfoRoutes(pages, web);
  registerSecurityInfoPasswordRoutes(pages, web);
  registerPasswordResetRoutes(pages, web);
  registerSecurityInfoConfirmRoutes(pages, web);
  registerSecurityInfoPhoneRoutes(pages, web);
  registerReauthRoutes(pages, web);
  // Passkeys and security keys: the pages' forms, and the script's helper they load.
  registerPasskeySignInRoutes(pages, web);
  registerPasskeyRegistrationRoutes(pages, web);
  registerSecurityInfoPasskeyRoutes(pages, web);
  registerReauthPasskeyRoutes(pages, web);
  registerWebauthnScriptRoute(pages);
  registerAdminRoutes(pages, web);
  registerAdminLogRoutes(pages, web);
  registerAdminPolicyRoutes(pages, web);
  registerAdminPasswordResetRoutes(pages, web);
  await registerAdminTokensRoutes(pages, web);
  await registerAdminUsersBulkRoutes(pages, web);
  registerSignInApi(pages, web);
  registerPasskeySignInApi(pages, web);
  registerBrandingRoutes(pages, web);
  registerAccountRoutes(pages, web);
  await registerAdminBrandingRoutes(pages, web);
  registerAdminTenantRoutes(pages, web);
  await registerAdminVoiceGreetingsRoutes(pages, web);
  registerVoiceGreetingRoutes(pages, ctx.store.db);
  registerVoiceCallRoutes(pages, web);
  registerSmsStatusRoutes(pages, web);
  registerAdminPhoneRoutes(pages, web);
  registerAdminMethodsRoutes(pages, web);
  registerAdminPhoneMessagesRoutes(pages, web);
  registerSecurityInfoEmailRoutes(pages, web);
  registerSecurityInfoSecurityQuestionsRoutes(pages, web);
  registerAdminSecurityQuestionsRoutes(pages, web);
  registerSecurityInfoAppPasswordRoutes(pages, web);
}
