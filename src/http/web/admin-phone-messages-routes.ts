import { phoneMessageStatuses } from "../../methods/phone/phone-message-statuses.ts";
import type { FilterCondition } from "../../odata/types.ts";
import { isAllowed } from "../../roles/authorize.ts";
import { listPhoneMessagesPage } from "../../store/queries/phone-messages-page.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { optionalText, pageQuery } from "./page-contracts.ts";
import { sendPage, type Web } from "./web-context.ts";

const MessagesQuery = pageQuery({
  upn: optionalText(256),
  channel: optionalText(10),
  status: optionalText(20),
  t: optionalText(20),
  i: optionalText(64),
});

const channels: readonly string[] = ["sms", "voice"];
const statuses: readonly string[] = phoneMessageStatuses;

/**
 * The tenant's text messages and calls with their delivery reports and answers, for the roles
 * that read the sign-in log (the same events, seen from the gateway's side). Never a code.
 */
export function registerAdminPhoneMessagesRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  app.get(
    "/admin/phone/messages",
    { schema: { querystring: MessagesQuery } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        const page = adminPage(admin);
        if (!isAllowed(admin.principal, "readLogs"))
          return sendAdminError(web, request, reply, admin, "forbidden");
        const query = request.query;
        const upn = (query.upn ?? "").trim();
        // A value no filter knows is no filter, as on the sign-in log.
        const channel = channels.includes(query.channel ?? "") ? (query.channel as string) : "";
        const status = statuses.includes(query.status ?? "") ? (query.status as string) : "";
        const filter: FilterCondition[] = [
          ...(upn ? [{ field: "userPrincipalName", op: "startswith", value: upn } as const] : []),
          ...(channel ? [{ field: "channel", op: "eq", value: channel } as const] : []),
          ...(status ? [{ field: "status", op: "eq", value: status } as const] : []),
        ];
        const beforeTime = Number(query.t);
        const beforeId = query.i ?? "";
        const found = await listPhoneMessagesPage(ctx.store.db, {
          tenantId: admin.tenant.id,
          filter,
          top: 50,
          ...(query.t && Number.isSafeInteger(beforeTime) && beforeId
            ? { before: { time: beforeTime, id: beforeId } }
            : {}),
        });
        const last = found.entries.at(-1);
        const next = new URLSearchParams({
          ...(upn ? { upn } : {}),
          ...(channel ? { channel } : {}),
          ...(status ? { status } : {}),
          t: String(last?.created_at ?? ""),
          i: last?.id ?? "",
        });
        return sendPage(
          web,
          request,
          reply,
          "admin-phone-messages",
          {
            upn,
            channel,
            status,
            entries: found.entries.map((e) => ({
              time: e.created_at,
              upn: e.upn,
              channel: e.channel,
              purpose: e.purpose,
              recipient: e.recipient_masked,
              status: e.status,
              gateway: e.via,
              gatewayMessageId: e.gateway_message_id,
              detail: e.detail,
            })),
            nextHref: found.more && last ? `/admin/phone/messages?${next}` : null,
          },
          page,
        );
      }),
  );
}
