import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { parseTop } from "../../odata/parse-top.ts";
import { decodeSkipToken } from "../../odata/skip-token.ts";
import { resolveUserRisk } from "../../risk/resolve-risk.ts";
import { authorize } from "../../roles/authorize.ts";
import { listRiskDetectionsPage, listRiskyUsersPage } from "../../store/queries/risk-pages.ts";
import { adminOf } from "./admin-principal.ts";
import { collection, type ListQuery, listQuerySchema } from "./collection.ts";
import { targetUser } from "./target-user.ts";

const iso = (ms: number | string) => new Date(Number(ms)).toISOString();

/** `identityProtection/riskyUsers` and `riskDetections` (seed 001 "Segnala attività sospette"). */
export function registerRiskRoutes(app: FastifyInstance, ctx: Context): void {
  const tags = ["admin"];
  app.get<{ Querystring: ListQuery }>(
    "/api/v1/identityProtection/riskyUsers",
    { schema: { summary: "Users at risk, most recent first", tags, querystring: listQuerySchema } },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readRisk");
      const cursor = decodeSkipToken(request.query.$skiptoken);
      const page = await listRiskyUsersPage(ctx.store.db, {
        tenantId: admin.tenantId,
        filter: parseFilter(request.query.$filter, {
          riskLevel: "string",
          riskState: "string",
          userPrincipalName: "string",
          riskLastUpdatedDateTime: "dateTime",
        }),
        top: parseTop(request.query.$top, 100, 999),
        ...(typeof cursor?.t === "number" && typeof cursor.u === "string"
          ? { before: { time: cursor.t, userId: cursor.u } }
          : {}),
      });
      const last = page.rows.at(-1);
      return collection(
        request,
        page.rows.map((row) => ({
          id: row.user_id,
          userPrincipalName: row.upn,
          userDisplayName: row.display_name,
          riskLevel: row.risk_level,
          riskState: row.risk_state,
          riskDetail: row.risk_detail,
          riskLastUpdatedDateTime: iso(row.updated_at),
        })),
        page.more && last ? { t: Number(last.updated_at), u: last.user_id } : undefined,
      );
    },
  );

  app.get<{ Querystring: ListQuery }>(
    "/api/v1/identityProtection/riskDetections",
    { schema: { summary: "Risk detections, newest first", tags, querystring: listQuerySchema } },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readRisk");
      const cursor = decodeSkipToken(request.query.$skiptoken);
      const page = await listRiskDetectionsPage(ctx.store.db, {
        tenantId: admin.tenantId,
        filter: parseFilter(request.query.$filter, {
          riskEventType: "string",
          userId: "string",
          userPrincipalName: "string",
          detectedDateTime: "dateTime",
        }),
        top: parseTop(request.query.$top, 100, 999),
        ...(typeof cursor?.t === "number" && typeof cursor.i === "string"
          ? { before: { time: cursor.t, id: cursor.i } }
          : {}),
      });
      const last = page.rows.at(-1);
      return collection(
        request,
        page.rows.map((row) => ({
          id: row.id,
          userId: row.user_id,
          userPrincipalName: row.upn,
          riskEventType: row.risk_event_type,
          riskLevel: row.risk_level,
          source: row.source,
          ipAddress: row.ip,
          detectedDateTime: iso(row.detected_at),
        })),
        page.more && last ? { t: Number(last.detected_at), i: last.id } : undefined,
      );
    },
  );

  for (const verdict of ["confirmCompromised", "dismiss"] as const) {
    app.post<{ Body: { userIds: string[] } }>(
      `/api/v1/identityProtection/riskyUsers/${verdict}`,
      {
        schema: {
          summary:
            verdict === "dismiss"
              ? "Dismiss the risk: a fraud report's block and password change are lifted"
              : "Confirm the users compromised: their risk stays high",
          tags,
          body: {
            type: "object",
            required: ["userIds"],
            additionalProperties: false,
            properties: {
              userIds: {
                type: "array",
                items: { type: "string", maxLength: 256 },
                minItems: 1,
                maxItems: 60,
              },
            },
          },
        },
      },
      async (request, reply) => {
        const admin = adminOf(request);
        authorize(admin, "manageRisk");
        const targets = [];
        for (const id of request.body.userIds) targets.push(await targetUser(ctx, admin, id));
        for (const target of targets) await resolveUserRisk(ctx, admin.actor, target.user, verdict);
        return reply.status(204).send();
      },
    );
  }
}
