import type { Context } from "../../context.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { parseTop } from "../../odata/parse-top.ts";
import { decodeSkipToken } from "../../odata/skip-token.ts";
import { authorize } from "../../roles/authorize.ts";
import { listAuditPage, listSignInsPage } from "../../store/queries/admin-pages.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection, ListQuery } from "../contracts/graph-collection.ts";
import { adminOf } from "./admin-principal.ts";
import { collection } from "./collection.ts";
import {
  GraphDirectoryAudit,
  GraphSignIn,
  graphDirectoryAudit,
  graphSignIn,
} from "./graph-json.ts";

/** `auditLogs/signIns` and `auditLogs/directoryAudits`, newest first. */
export function registerLogsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["logs"];
  app.get(
    "/api/v1/auditLogs/signIns",
    {
      schema: {
        summary: "Sign-in log, newest first",
        description:
          "$filter on userPrincipalName, userId, createdDateTime, ipAddress, result, reason, clientAppUsed.",
        tags,
        querystring: ListQuery,
        response: {
          200: GraphCollection(GraphSignIn, "A page of sign-in log entries"),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readLogs");
      const filter = parseFilter(request.query.$filter, {
        userPrincipalName: "string",
        userId: "string",
        createdDateTime: "dateTime",
        ipAddress: "string",
        result: "string",
        reason: "string",
        clientAppUsed: "string",
      });
      const cursor = decodeSkipToken(request.query.$skiptoken);
      const before =
        typeof cursor?.t === "number" && typeof cursor.i === "string"
          ? { time: cursor.t, id: cursor.i }
          : undefined;
      const page = await listSignInsPage(ctx.store.db, {
        tenantId: admin.tenantId,
        filter,
        top: parseTop(request.query.$top, 100, 999),
        ...(before ? { before } : {}),
      });
      const last = page.entries.at(-1);
      return collection(
        request,
        page.entries.map(graphSignIn),
        page.more && last ? { t: Number(last.time), i: last.id } : undefined,
      );
    },
  );

  app.get(
    "/api/v1/auditLogs/directoryAudits",
    {
      schema: {
        summary: "Audit log, newest first",
        description:
          "$filter on activityDisplayName, activityDateTime, targetId, initiatedByName, correlationId.",
        tags,
        querystring: ListQuery,
        response: {
          200: GraphCollection(GraphDirectoryAudit, "A page of audit log entries"),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readLogs");
      const filter = parseFilter(request.query.$filter, {
        activityDisplayName: "string",
        activityDateTime: "dateTime",
        targetId: "string",
        initiatedByName: "string",
        correlationId: "string",
      });
      const beforeSeq = decodeSkipToken(request.query.$skiptoken)?.s;
      const page = await listAuditPage(ctx.store.db, {
        tenantId: admin.tenantId,
        filter,
        top: parseTop(request.query.$top, 100, 999),
        ...(typeof beforeSeq === "number" ? { beforeSeq } : {}),
      });
      const last = page.entries.at(-1);
      return collection(
        request,
        page.entries.map(graphDirectoryAudit),
        page.more && last ? { s: Number(last.seq) } : undefined,
      );
    },
  );
}
