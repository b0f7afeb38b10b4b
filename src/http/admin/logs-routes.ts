import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { parseTop } from "../../odata/parse-top.ts";
import { decodeSkipToken } from "../../odata/skip-token.ts";
import { authorize } from "../../roles/authorize.ts";
import { listAuditPage, listSignInsPage } from "../../store/queries/admin-pages.ts";
import { adminOf } from "./admin-principal.ts";
import { collection, type ListQuery, listQuerySchema } from "./collection.ts";
import { graphDirectoryAudit, graphSignIn } from "./graph-json.ts";

/** `auditLogs/signIns` and `auditLogs/directoryAudits`, newest first. */
export function registerLogsRoutes(app: FastifyInstance, ctx: Context): void {
  const tags = ["admin"];
  app.get<{ Querystring: ListQuery }>(
    "/api/v1/auditLogs/signIns",
    { schema: { summary: "Sign-in log", tags, querystring: listQuerySchema } },
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

  app.get<{ Querystring: ListQuery }>(
    "/api/v1/auditLogs/directoryAudits",
    { schema: { summary: "Audit log", tags, querystring: listQuerySchema } },
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
