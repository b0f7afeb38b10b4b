import { readRolloutDashboard } from "../../reports/rollout-dashboard.ts";
import { unregisteredCsv } from "../../reports/unregistered-csv.ts";
import { isAllowed } from "../../roles/authorize.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { registerAdminCampaignRoutes } from "./admin-campaigns-routes.ts";
import { adminPage, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

/**
 * The roll-out dashboard at `/admin`, for the roles that read reports; the others land on the
 * users list, their first menu entry, so the "Administration" link never answers 403.
 */
export function registerAdminDashboardRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  registerAdminCampaignRoutes(app, web);

  app.get("/admin", async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      if (!isAllowed(admin.principal, "readReports")) return seeOther(reply, "/admin/users");
      const dashboard = await readRolloutDashboard(ctx, admin.tenant, {
        withRisk: isAllowed(admin.principal, "readRisk"),
      });
      return sendPage(web, request, reply, "admin-dashboard", dashboard, adminPage(admin));
    }),
  );

  app.get("/admin/dashboard/unregistered.csv", async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      if (!isAllowed(admin.principal, "readReports"))
        return sendAdminError(web, request, reply, admin, "forbidden");
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="not-registered.csv"')
        .header("cache-control", "no-store")
        .header("x-content-type-options", "nosniff")
        .send(await unregisteredCsv(ctx, admin.tenant));
    }),
  );
}
