import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { signTwilioRequest } from "../../src/sender/twilio-signature.ts";

/**
 * A telephony provider on loopback, playing Twilio's voice API and webhooks as its documentation
 * describes them: `POST /2010-04-01/Accounts/{sid}/Calls.json` with Basic auth places a call;
 * when the test lets the callee pick up, the provider POSTs the call's instructions URL, signed
 * with `X-Twilio-Signature`, reads the TwiML, says or plays what it is given (recorded here), and
 * gathers keys as `<Gather>` does; the keys go to the gather's action, signed; the call's end
 * goes to the status callback, signed. Webhook parameters are Twilio's: CallSid, AccountSid,
 * From, To, CallStatus, Direction, ApiVersion, Digits.
 */
export type VoiceProviderDouble = {
  /** Give this to `createVoiceProvider` as `baseUrl`. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Every call placed, in order. */
  readonly calls: readonly PlacedCall[];
  /** Every request to the API, as received (failed ones included). */
  readonly apiRequests: readonly ApiRequest[];
  /** The next `Calls.json` request is refused with this status and Twilio error code. */
  refuseNextCall(status: number, code: number, message: string): void;
  /** The call by its id; throws when there is none. */
  call(callId: string): PlacedCall;
  /**
   * The callee picks up: the provider fetches the instructions (signed POST to `Url`), and says
   * or plays what they hold until a `<Gather>` waits for keys. Once per call.
   */
  pickUp(callId: string): Promise<PlacedCall>;
  /**
   * The callee presses `digits` (picking up first if not yet), or, with null, presses nothing
   * until the gather times out. Keys are read as `<Gather>` reads them (numDigits, finishOnKey);
   * gathered keys are posted to the gather's action, signed. Resolves with the TwiML the action
   * answered, or null when the gather posted nothing (silence, or only its finishing key) and
   * the call went on with what follows the gather. The call's end then goes to the status
   * callback (`completed`).
   */
  answer(callId: string, digits: string | null, options?: WebhookOptions): Promise<string | null>;
  /**
   * Nobody picks up (or the line is busy, or the call fails): the status callback hears it, and
   * no instructions are fetched.
   */
  letRing(callId: string, status?: "no-answer" | "busy" | "failed"): Promise<void>;
  close(): Promise<void>;
};

/** How the provider's requests are signed: for tests that the server refuses forged ones. */
export type WebhookOptions = {
  /** "none": no X-Twilio-Signature; "wrong": signed with another token. */
  readonly signature?: "valid" | "none" | "wrong";
};

export type ApiRequest = {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly form: Readonly<Record<string, string>>;
};

/** What the call says: `<Say>` with its language, or `<Play>` with its URL. */
export type Spoken =
  | { readonly verb: "Say"; readonly language: string | undefined; readonly text: string }
  | { readonly verb: "Play"; readonly url: string };

export type GatherAttributes = {
  readonly action: string | undefined;
  readonly method: string;
  readonly numDigits: number | undefined;
  readonly finishOnKey: string;
  readonly timeout: number;
  readonly input: string;
};

export type PlacedCall = {
  readonly callId: string;
  readonly to: string;
  readonly from: string;
  readonly url: string;
  readonly method: string;
  readonly statusCallback: string | undefined;
  status: "queued" | "in-progress" | "completed" | "no-answer" | "busy" | "failed";
  /** Every TwiML document the call was given, in order (instructions, then answers). */
  readonly documents: string[];
  /** Everything said or played, in order. */
  readonly said: Spoken[];
  /** The gather the call waits in, once picked up; undefined when the instructions had none. */
  gather: GatherAttributes | undefined;
  /** The statuses posted to the status callback, with what the callback answered. */
  readonly statusCallbacks: { status: string; httpStatus: number }[];
};

type Node = Record<string, unknown> & { ":@"?: Record<string, string> };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  preserveOrder: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

const apiVersion = "2010-04-01";

/** Starts the provider on 127.0.0.1, on a free port. */
export async function startVoiceProviderDouble(
  options: { accountSid?: string; authToken?: string } = {},
): Promise<VoiceProviderDouble> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = options.authToken ?? randomBytes(16).toString("hex");
  const calls: PlacedCall[] = [];
  const apiRequests: ApiRequest[] = [];
  let refusal: { status: number; code: number; message: string } | undefined;
  const expectedAuthorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;

  const server = createServer((request, response) => {
    handleApi(request, response).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });

  const sendJson = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const twilioError = (response: ServerResponse, status: number, code: number, message: string) =>
    sendJson(response, status, {
      code,
      message,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    });

  async function handleApi(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const form = Object.fromEntries(new URLSearchParams(body));
    const path = new URL(request.url ?? "/", "http://double.invalid").pathname;
    apiRequests.push({
      method: request.method ?? "",
      path,
      authorization: request.headers.authorization,
      contentType: request.headers["content-type"],
      form,
    });
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/.exec(path);
    if (!match || request.method !== "POST") {
      return twilioError(response, 404, 20404, "The requested resource was not found");
    }
    if (request.headers.authorization !== expectedAuthorization || match[1] !== accountSid) {
      return twilioError(response, 401, 20003, "Authenticate");
    }
    if (refusal) {
      const { status, code, message } = refusal;
      refusal = undefined;
      return twilioError(response, status, code, message);
    }
    if (!form.To || !/^\+[1-9][0-9]{6,14}$/.test(form.To)) {
      return twilioError(response, 400, 21211, `Invalid 'To' Phone Number: ${form.To ?? ""}`);
    }
    if (!form.From) return twilioError(response, 400, 21213, "No 'From' number is specified");
    if (!form.Url) return twilioError(response, 400, 21205, "Url parameter is required");
    const callId = `CA${randomBytes(16).toString("hex")}`;
    calls.push({
      callId,
      to: form.To,
      from: form.From,
      url: form.Url,
      method: (form.Method ?? "POST").toUpperCase(),
      statusCallback: form.StatusCallback,
      status: "queued",
      documents: [],
      said: [],
      gather: undefined,
      statusCallbacks: [],
    });
    return sendJson(response, 201, {
      sid: callId,
      account_sid: accountSid,
      to: form.To,
      to_formatted: form.To,
      from: form.From,
      from_formatted: form.From,
      status: "queued",
      direction: "outbound-api",
      api_version: apiVersion,
      uri: `/${apiVersion}/Accounts/${accountSid}/Calls/${callId}.json`,
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const find = (callId: string) => {
    const call = calls.find((c) => c.callId === callId);
    if (!call) throw new Error(`no call ${callId}`);
    return call;
  };

  /** The parameters Twilio posts to every voice webhook of an outbound API call. */
  const callParams = (call: PlacedCall, status: string): Record<string, string> => ({
    AccountSid: accountSid,
    ApiVersion: apiVersion,
    CallSid: call.callId,
    CallStatus: status,
    Called: call.to,
    Caller: call.from,
    Direction: "outbound-api",
    From: call.from,
    To: call.to,
  });

  /** A webhook request as Twilio sends it: form-encoded for POST, in the query for GET. */
  const webhook = async (
    url: string,
    method: string,
    params: Record<string, string>,
    options: WebhookOptions = {},
  ) => {
    const target = new URL(url);
    if (method === "GET") {
      for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    }
    const signed = method === "GET" ? {} : params;
    const signature =
      options.signature === "wrong"
        ? signTwilioRequest(`${authToken}x`, target.href, signed)
        : signTwilioRequest(authToken, target.href, signed);
    const headers: Record<string, string> = {
      "user-agent": "TwilioProxy/1.1",
      accept: "*/*",
      ...(options.signature === "none" ? {} : { "x-twilio-signature": signature }),
    };
    if (method === "GET") return fetch(target, { method, headers });
    return fetch(target, {
      method,
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: new URLSearchParams(params).toString(),
    });
  };

  /** Reads a TwiML answer: records what it says up to a `<Gather>`; returns the rest's verbs. */
  const follow = (call: PlacedCall, twiml: string) => {
    call.documents.push(twiml);
    if (XMLValidator.validate(twiml) !== true) throw new Error(`not well-formed TwiML: ${twiml}`);
    const document = parser.parse(twiml) as Node[];
    const root = document.find((node) => "Response" in node);
    if (!root) throw new Error(`TwiML without <Response>: ${twiml}`);
    const verbs = root.Response as Node[];
    call.gather = undefined;
    const index = verbs.findIndex((verb) => "Gather" in verb);
    if (index < 0) {
      recordSpoken(call, verbs);
      return { gatherNested: [] as Node[], after: [] as Node[] };
    }
    recordSpoken(call, verbs.slice(0, index));
    const gather = verbs[index] as Node;
    const attrs = gather[":@"] ?? {};
    call.gather = {
      action: attrs.action,
      method: (attrs.method ?? "POST").toUpperCase(),
      numDigits: attrs.numDigits === undefined ? undefined : Number(attrs.numDigits),
      // Twilio's default finishing key is `#`; "" means none.
      finishOnKey: attrs.finishOnKey ?? "#",
      timeout: attrs.timeout === undefined ? 5 : Number(attrs.timeout),
      input: attrs.input ?? "dtmf",
    };
    // The nested greeting plays while the gather waits (it stops at the first key).
    recordSpoken(call, gather.Gather as Node[]);
    return { gatherNested: gather.Gather as Node[], after: verbs.slice(index + 1) };
  };

  const recordSpoken = (call: PlacedCall, verbs: Node[]) => {
    for (const verb of verbs) {
      const attrs = verb[":@"] ?? {};
      if ("Say" in verb)
        call.said.push({ verb: "Say", language: attrs.language, text: textOf(verb.Say) });
      if ("Play" in verb) call.said.push({ verb: "Play", url: textOf(verb.Play) });
    }
  };

  const pending = new Map<string, { after: Node[] }>();

  const end = async (
    call: PlacedCall,
    status: "completed" | "no-answer" | "busy" | "failed",
    options?: WebhookOptions,
  ) => {
    call.status = status;
    if (!call.statusCallback) return;
    const params = {
      ...callParams(call, status),
      CallDuration: status === "completed" ? "14" : "0",
      CallbackSource: "call-progress-events",
      SequenceNumber: "0",
      Timestamp: new Date().toUTCString(),
    };
    const response = await webhook(call.statusCallback, "POST", params, options);
    await response.arrayBuffer();
    call.statusCallbacks.push({ status, httpStatus: response.status });
  };

  const double: VoiceProviderDouble = {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    calls,
    apiRequests,
    refuseNextCall(status, code, message) {
      refusal = { status, code, message };
    },
    call: find,
    async pickUp(callId) {
      const call = find(callId);
      if (call.status !== "queued") return call;
      call.status = "in-progress";
      const response = await webhook(call.url, call.method, callParams(call, "in-progress"));
      const twiml = await response.text();
      if (response.status !== 200) {
        throw new Error(`the instructions URL answered ${response.status}: ${twiml}`);
      }
      const { after } = follow(call, twiml);
      pending.set(callId, { after });
      return call;
    },
    async answer(callId, digits, options = {}) {
      const call = await double.pickUp(callId);
      const gather = call.gather;
      const after = pending.get(callId)?.after ?? [];
      pending.delete(callId);
      if (!gather) throw new Error("the call's instructions gather no keys");
      // <Gather> as documented: a finishOnKey ends the input (and is not part of Digits);
      // numDigits ends it once reached; otherwise the timeout after the last key does.
      let gathered = "";
      let finishedOnKey = "";
      for (const key of digits ?? "") {
        if (gather.finishOnKey !== "" && key === gather.finishOnKey) {
          finishedOnKey = key;
          break;
        }
        gathered += key;
        if (gather.numDigits !== undefined && gathered.length >= gather.numDigits) break;
      }
      // No keys before the timeout, or the finishing key alone: no request to the action;
      // the call goes on with the verbs after the gather.
      if (gathered === "") {
        recordSpoken(call, after);
        await end(call, "completed", options);
        return null;
      }
      if (!gather.action) throw new Error("a gather without an action");
      const actionUrl = new URL(gather.action, call.url).href;
      const response = await webhook(
        actionUrl,
        gather.method,
        {
          ...callParams(call, "in-progress"),
          Digits: gathered,
          FinishedOnKey: finishedOnKey,
        },
        options,
      );
      const twiml = await response.text();
      if (response.status !== 200) {
        await end(call, "completed");
        throw new Error(`the gather's action answered ${response.status}: ${twiml}`);
      }
      follow(call, twiml);
      await end(call, "completed");
      return twiml;
    },
    async letRing(callId, status = "no-answer") {
      const call = find(callId);
      if (call.status !== "queued") throw new Error(`the call is ${call.status}`);
      await end(call, status);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return double;
}

function textOf(children: unknown): string {
  if (!Array.isArray(children)) return "";
  return children
    .map((child: Record<string, unknown>) =>
      typeof child["#text"] === "string" ? child["#text"] : "",
    )
    .join("");
}
