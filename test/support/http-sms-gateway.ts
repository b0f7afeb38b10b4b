import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request exactly as the server received it. */
export type ReceivedRequest = {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
};

/** A message the Twilio double accepted. */
export type TwilioMessage = {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string;
};

export type HttpSmsGatewayBehaviour =
  /** Answer as the provider does when it takes a message. */
  | "accept"
  /** Answer 500 with Twilio's error object. */
  | "fail"
  /** Never answer. */
  | "hang";

export type HttpSmsGatewayDouble = {
  /** `http://127.0.0.1:<port>`: the `baseUrl` of a Twilio gateway, or the host of a template's URL. */
  baseUrl: string;
  /** Every request, whatever its path or outcome. */
  requests: ReceivedRequest[];
  /** What the Messages endpoint accepted. */
  messages: TwilioMessage[];
  behave(behaviour: HttpSmsGatewayBehaviour): void;
  close(): Promise<void>;
};

/**
 * A loopback HTTP server that plays a Twilio-compatible SMS provider, after Twilio's documented
 * Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP Basic with the
 * account SID and auth token (401 and error 20003 otherwise), a form with To, From and Body
 * (400 and error 21604 without To), answered 201 with the message resource (`sid` "SM…"). Errors
 * come as Twilio's error object: `code`, `message`, `more_info`, `status`. Any other path answers
 * 200 with `{"messages":[{"id":"…"}]}`, for template gateways. It can be told to fail or to hang.
 */
export async function startHttpSmsGateway(
  options: { accountSid?: string; authToken?: string } = {},
): Promise<HttpSmsGatewayDouble> {
  const accountSid = options.accountSid ?? "AC0123456789abcdef0123456789abcdef";
  const authToken = options.authToken ?? "test-auth-token-0123456789";
  const requests: ReceivedRequest[] = [];
  const messages: TwilioMessage[] = [];
  let behaviour: HttpSmsGatewayBehaviour = "accept";

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body,
      });
      if (behaviour === "hang") return;
      if (behaviour === "fail") {
        answerError(response, 500, 20500, "Internal Server Error");
        return;
      }
      const path = new URL(request.url ?? "/", "http://localhost").pathname;
      const twilio = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      if (!twilio) {
        answer(response, 200, { messages: [{ id: `m-${requests.length}` }] });
        return;
      }
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
      if (
        request.headers.authorization !== expected ||
        decodeURIComponent(twilio[1] ?? "") !== accountSid
      ) {
        answerError(response, 401, 20003, "Authenticate");
        return;
      }
      const form = new URLSearchParams(body);
      const to = form.get("To");
      if (request.method !== "POST" || !to) {
        answerError(response, 400, 21604, "A 'To' phone number is required.");
        return;
      }
      const message = {
        sid: `SM${randomBytes(16).toString("hex")}`,
        to,
        from: form.get("From") ?? "",
        body: form.get("Body") ?? "",
      };
      messages.push(message);
      answer(response, 201, { ...message, account_sid: accountSid, status: "queued" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    messages,
    behave(next) {
      behaviour = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function answerError(response: ServerResponse, status: number, code: number, message: string) {
  answer(response, status, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });
}
