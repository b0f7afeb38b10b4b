import type { FilterCondition } from "../../odata/types.ts";
import { isAllowed } from "../../roles/authorize.ts";
import { listSignInsPage } from "../../store/queries/admin-pages.ts";
import { listRiskyUsersPage } from "../../store/queries/risk-pages.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { optionalText, pageQuery } from "./page-contracts.ts";
import { sendPage, type Web } from "./web-context.ts";

const SignInsQuery = pageQuery({
  upn: optionalText(256),
  result: optionalText(20),
  t: optionalText(20),
  i: optionalText(64),
});

/** The sign-in log with filters, and the users at risk (seed 001), for the roles that read them. */
export function registerAdminLogRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  app.get("/admin/sign-ins", { schema: { querystring: SignInsQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      const page = adminPage(admin);
      if (!isAllowed(admin.principal, "readLogs"))
        return sendAdminError(web, request, reply, admin, "forbidden");
      const query = request.query;
      const upn = (query.upn ?? "").trim();
      const result = ["success", "failure", "interrupted"].includes(query.result ?? "")
        ? (query.result as string)
        : "";
      const filter: FilterCondition[] = [
        ...(upn ? [{ field: "userPrincipalName", op: "startswith", value: upn } as const] : []),
        ...(result ? [{ field: "result", op: "eq", value: result } as const] : []),
      ];
      const beforeTime = Number(query.t);
      const beforeId = query.i ?? "";
      const found = await listSignInsPage(ctx.store.db, {
        tenantId: admin.tenant.id,
        filter,
        top: 50,
        ...(Number.isSafeInteger(beforeTime) && beforeId
          ? { before: { time: beforeTime, id: beforeId } }
          : {}),
      });
      const last = found.entries.at(-1);
      const next = new URLSearchParams({
        ...(upn ? { upn } : {}),
        ...(result ? { result } : {}),
        t: String(last?.time ?? ""),
        i: last?.id ?? "",
      });
      return sendPage(
        web,
        request,
        reply,
        "admin-sign-ins",
        {
          upn,
          result,
          entries: found.entries.map((e) => ({
            time: Number(e.time),
            upn: e.upn,
            result: e.result,
            reason: e.reason,
            ip: e.ip,
            method: e.method_kind,
            mfa: e.mfa,
          })),
          nextHref: found.more && last ? `/admin/sign-ins?${next}` : null,
        },
        page,
      );
    }),
  );

  app.get("/admin/risky-users", async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      const page = adminPage(admin);
      if (!isAllowed(admin.principal, "readRisk"))
        return sendAdminError(web, request, reply, admin, "forbidden");
      const { rows } = await listRiskyUsersPage(ctx.store.db, {
        tenantId: admin.tenant.id,
        filter: [],
        top: 200,
      });
      return sendPage(
        web,
        request,
        reply,
        "admin-risky-users",
        {
          users: rows.map((r) => ({
            id: r.user_id,
            upn: r.upn,
            level: r.risk_level,
            state: r.risk_state,
            detail: r.risk_detail,
            updatedAt: Number(r.updated_at),
          })),
        },
        page,
      );
    }),
  );
}
