import { parseJson, requestHttpGateway } from "./request-http-gateway.ts";
import type { SmsGateway, TwilioGatewayConfig } from "./sms-gateway.ts";
import { SmsGatewayError } from "./sms-gateway-error.ts";

export type TwilioGatewayOptions = {
  /** Where the provider posts the message's status changes (`StatusCallback`). */
  statusCallbackUrl?: string;
  /** How long one request may take; 10 s when absent. */
  timeoutMs?: number;
};

/**
 * The Twilio Messages API, which many providers copy: `POST {baseUrl}/2010-04-01/Accounts/{sid}/
 * Messages.json`, a form with To, From, Body and StatusCallback, HTTP Basic with the account SID
 * and auth token. The answer's `sid` is the message's id. Any status outside 2xx rejects with the
 * provider's own `code` and `message` (Twilio's error object), never the token. One request per
 * send: retrying is the failover's choice, not this adapter's.
 */
export function createTwilioGateway(
  config: TwilioGatewayConfig,
  options: TwilioGatewayOptions = {},
): SmsGateway {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const url = new URL(
    `${config.baseUrl.replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`,
  );
  const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`;
  return {
    async send(message) {
      const form = new URLSearchParams({ To: message.to, From: config.from, Body: message.text });
      if (options.statusCallbackUrl) form.set("StatusCallback", options.statusCallbackUrl);
      const answer = await requestHttpGateway(
        "the Twilio gateway",
        url,
        {
          method: "POST",
          headers: {
            authorization,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: form.toString(),
        },
        timeoutMs,
      );
      const json = parseJson(answer.body);
      const field = (name: string): string | undefined => {
        const value =
          typeof json === "object" && json !== null ? Reflect.get(json, name) : undefined;
        return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
      };
      if (answer.status < 200 || answer.status > 299) {
        const code = field("code");
        const said = field("message");
        throw new SmsGatewayError(
          "refused",
          `the Twilio gateway at ${url.host} answered ${answer.status}` +
            `${code ? ` (code ${code})` : ""}${said ? `: ${said.slice(0, 200)}` : ""}`,
        );
      }
      // Accepted: a missing sid must not make the failover send the message a second time.
      return { gatewayMessageId: field("sid") ?? message.reference, via: "primary" };
    },
    async close() {},
  };
}
