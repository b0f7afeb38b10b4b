import { Type } from "typebox";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import { parseTwilioStatusCallback } from "../../sender/sms/parse-twilio-status-callback.ts";
import { verifyTwilioSignature } from "../../sender/twilio-signature.ts";
import { recordPhoneDelivery } from "../../store/queries/phone-messages.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import type { Web } from "../web/web-context.ts";

const TenantParams = Type.Object({ tenantId: Type.String({ maxLength: 64 }) });
const ProviderForm = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 512 }), {
  maxProperties: 64,
});

/**
 * `POST /hooks/sms/status/{tenantId}`: the delivery report of an SMS sent through a
 * Twilio-compatible gateway (its StatusCallback), recorded with the message. Signed with the auth
 * token of one of the tenant's Twilio gateways over the address and the form (twilio-signature.ts);
 * anything else gets 403 and changes nothing. SMPP gateways report on their own session.
 */
export function registerSmsStatusRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  app.post(
    "/hooks/sms/status/:tenantId",
    { schema: { hide: true, params: TenantParams, body: ProviderForm } },
    async (request, reply) => {
      const settings = await readPhoneSettings(ctx, request.params.tenantId).catch(() => undefined);
      const tokens = [settings?.smsPrimary, settings?.smsSecondary].flatMap((gateway) =>
        gateway?.kind === "twilio" ? [gateway.authToken] : [],
      );
      const url = `${(ctx.phone?.publicUrl ?? "").replace(/\/+$/, "")}${request.url}`;
      const header = request.headers["x-twilio-signature"];
      const signature = typeof header === "string" ? header : undefined;
      if (!tokens.some((token) => verifyTwilioSignature(token, url, request.body, signature)))
        return reply.status(403).type("text/plain; charset=utf-8").send("forbidden");
      const report = parseTwilioStatusCallback(request.body, ctx.now());
      if (report) {
        await recordPhoneDelivery(ctx.store.db, {
          gatewayMessageId: report.gatewayMessageId,
          status: report.status === "delivered" ? "delivered" : "undelivered",
          detail: report.detail.slice(0, 100),
          now: ctx.now(),
        });
      }
      return reply.status(204).send();
    },
  );
}
