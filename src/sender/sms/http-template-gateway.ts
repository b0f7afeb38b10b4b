import {
  checkHttpTemplateConfig,
  placeholderPattern,
  type TemplatePlaceholder,
} from "./check-http-template-config.ts";
import { parseJson, requestHttpGateway } from "./request-http-gateway.ts";
import type { HttpTemplateGatewayConfig, SmsGateway, SmsMessage } from "./sms-gateway.ts";
import { SmsGatewayError } from "./sms-gateway-error.ts";

export type HttpTemplateGatewayOptions = {
  /** How long one request may take; 10 s when absent. */
  timeoutMs?: number;
};

/**
 * Any HTTP SMS gateway, described by a template. Each placeholder is escaped for where it
 * lands, so no text can change the request's shape: URL-encoded in the URL, a JSON string's
 * content in a JSON body, form-encoded in a form body. A 2xx answer is taken; the message id is
 * read at `messageIdPath` in its JSON, or is Varco's reference. Throws at creation when
 * checkHttpTemplateConfig finds a problem.
 */
export function createHttpTemplateGateway(
  config: HttpTemplateGatewayConfig,
  options: HttpTemplateGatewayOptions = {},
): SmsGateway {
  const problems = checkHttpTemplateConfig(config);
  if (problems.length > 0) {
    throw new SmsGatewayError(
      "invalid_config",
      `the HTTP gateway template is refused: ${problems.join("; ")}`,
    );
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const escapeBody =
    config.contentType === "application/json"
      ? (value: string) => JSON.stringify(value).slice(1, -1)
      : (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

  return {
    async send(message) {
      const url = new URL(fill(config.url, message, encodeURIComponent));
      const headers: Record<string, string> = { ...config.headers };
      let body: string | undefined;
      if (config.method === "POST") {
        headers["content-type"] = config.contentType;
        body = fill(config.body, message, escapeBody);
      }
      const answer = await requestHttpGateway(
        "the HTTP gateway",
        url,
        { method: config.method, headers, body },
        timeoutMs,
      );
      if (answer.status < 200 || answer.status > 299) {
        // The answer's body is left out: a gateway may echo the request, and the text has the code.
        throw new SmsGatewayError(
          "refused",
          `the HTTP gateway at ${url.host} answered ${answer.status}`,
        );
      }
      const found = config.messageIdPath
        ? readPath(parseJson(answer.body), config.messageIdPath)
        : undefined;
      return { gatewayMessageId: found ?? message.reference, via: "primary" };
    },
    async close() {},
  };
}

function fill(template: string, message: SmsMessage, encode: (value: string) => string): string {
  return template.replace(placeholderPattern, (_all, name: string) =>
    encode(message[name as TemplatePlaceholder]),
  );
}

/** `messages.0.id` in `{"messages":[{"id":"abc"}]}` is `abc`; anything else is undefined. */
function readPath(value: unknown, path: string): string | undefined {
  let current = value;
  for (const step of path.split(".")) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, step))
      return undefined;
    current = Reflect.get(current, step);
  }
  return typeof current === "string" || typeof current === "number" ? String(current) : undefined;
}
