import type { Context } from "../../context.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { parseTop } from "../../odata/parse-top.ts";
import { decodeSkipToken } from "../../odata/skip-token.ts";
import { authorize } from "../../roles/authorize.ts";
import { listPhoneMessagesPage } from "../../store/queries/phone-messages-page.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection, ListQuery } from "../contracts/graph-collection.ts";
import { adminOf } from "./admin-principal.ts";
import { collection } from "./collection.ts";
import { GraphPhoneMessage, graphPhoneMessage } from "./graph-phone-message.ts";

/**
 * `reports/phoneMessages`: every SMS and call of the tenant, newest first, for the roles that
 * read the sign-in log (the same record, seen from the gateway's side).
 */
export function registerPhoneMessagesRoutes(app: ContractApp, ctx: Context): void {
  app.get(
    "/api/v1/reports/phoneMessages",
    {
      schema: {
        summary: "Text messages and calls, newest first",
        description: "$filter on channel, status, userId, createdDateTime, userPrincipalName.",
        tags: ["logs"],
        querystring: ListQuery,
        response: {
          200: GraphCollection(GraphPhoneMessage, "A page of text messages and calls"),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readLogs");
      const filter = parseFilter(request.query.$filter, {
        channel: "string",
        status: "string",
        userId: "string",
        createdDateTime: "dateTime",
        userPrincipalName: "string",
      });
      const cursor = decodeSkipToken(request.query.$skiptoken);
      const before =
        typeof cursor?.t === "number" && typeof cursor.i === "string"
          ? { time: cursor.t, id: cursor.i }
          : undefined;
      const page = await listPhoneMessagesPage(ctx.store.db, {
        tenantId: admin.tenantId,
        filter,
        top: parseTop(request.query.$top, 100, 999),
        ...(before ? { before } : {}),
      });
      const last = page.entries.at(-1);
      return collection(
        request,
        page.entries.map(graphPhoneMessage),
        page.more && last ? { t: last.created_at, i: last.id } : undefined,
      );
    },
  );
}
