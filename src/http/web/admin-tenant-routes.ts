import type { ContractApp } from "../contracts/contract-app.ts";
import { registerAdminDomainsRoutes } from "./admin-domains-routes.ts";
import { registerAdminScimTokensRoutes } from "./admin-scim-tokens-routes.ts";
import type { Web } from "./web-context.ts";

/** The pages for what belongs to the tenant itself: its domains and its SCIM tokens. */
export function registerAdminTenantRoutes(app: ContractApp, web: Web): void {
  registerAdminDomainsRoutes(app, web);
  registerAdminScimTokensRoutes(app, web);
}
