import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { parseTop } from "../../odata/parse-top.ts";
import { decodeSkipToken } from "../../odata/skip-token.ts";
import { resolveUserRisk } from "../../risk/resolve-risk.ts";
import { authorize } from "../../roles/authorize.ts";
import { listRiskDetectionsPage, listRiskyUsersPage } from "../../store/queries/risk-pages.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection, ListQuery } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { DateTime, isoTime as iso, Nullable } from "../contracts/nullable.ts";
import { adminOf } from "./admin-principal.ts";
import { collection } from "./collection.ts";
import { targetUser } from "./target-user.ts";

const RiskyUser = Type.Object(
  {
    id: Type.String({ description: "The user's id" }),
    userPrincipalName: Type.String(),
    userDisplayName: Type.String(),
    riskLevel: Type.String({ description: "high, or none once remediated or dismissed" }),
    riskState: Type.String({
      description: "atRisk, confirmedCompromised, remediated, dismissed",
    }),
    riskDetail: Type.String({
      description: "userReportedSuspiciousActivity, adminDismissedAllRiskForUser, …",
    }),
    riskLastUpdatedDateTime: DateTime,
  },
  { description: "A user at risk" },
);

const RiskDetection = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    userPrincipalName: Type.String(),
    riskEventType: Type.String({ description: "userReportedSuspiciousActivity" }),
    riskLevel: Type.String(),
    source: Type.String({ description: "endUser: the user reported it" }),
    ipAddress: Nullable(Type.String()),
    detectedDateTime: DateTime,
  },
  { description: "A risk detection" },
);

const RiskyUserIds = Type.Object(
  {
    userIds: Type.Array(
      Type.String({ maxLength: 256, description: "A user's id or user principal name" }),
      { minItems: 1, maxItems: 60 },
    ),
  },
  { additionalProperties: false },
);

/** `identityProtection/riskyUsers` and `riskDetections` (seed 001 "Segnala attività sospette"). */
export function registerRiskRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["risk"];
  app.get(
    "/api/v1/identityProtection/riskyUsers",
    {
      schema: {
        summary: "Users at risk, most recent first",
        description: "$filter on riskLevel, riskState, userPrincipalName, riskLastUpdatedDateTime.",
        tags,
        querystring: ListQuery,
        response: {
          200: GraphCollection(RiskyUser, "A page of users at risk"),
          ...errorResponses(400, 401, 403),
        },
      },
    },
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

  app.get(
    "/api/v1/identityProtection/riskDetections",
    {
      schema: {
        summary: "Risk detections, newest first",
        description: "$filter on riskEventType, userId, userPrincipalName, detectedDateTime.",
        tags,
        querystring: ListQuery,
        response: {
          200: GraphCollection(RiskDetection, "A page of risk detections"),
          ...errorResponses(400, 401, 403),
        },
      },
    },
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
    app.post(
      `/api/v1/identityProtection/riskyUsers/${verdict}`,
      {
        schema: {
          summary:
            verdict === "dismiss"
              ? "Dismiss the risk: a fraud report's block and password change are lifted"
              : "Confirm the users compromised: their risk stays high",
          tags,
          body: RiskyUserIds,
          response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 413, 415) },
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
