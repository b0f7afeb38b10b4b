import assert from "node:assert/strict";
import { test } from "node:test";
import { checkHttpTemplateConfig } from "../../src/sender/sms/check-http-template-config.ts";
import { createHttpTemplateGateway } from "../../src/sender/sms/http-template-gateway.ts";
import { parseTwilioStatusCallback } from "../../src/sender/sms/parse-twilio-status-callback.ts";
import type {
  HttpTemplateGatewayConfig,
  TwilioGatewayConfig,
} from "../../src/sender/sms/sms-gateway.ts";
import { SmsGatewayError } from "../../src/sender/sms/sms-gateway-error.ts";
import { createTwilioGateway } from "../../src/sender/sms/twilio-gateway.ts";
import { startHttpSmsGateway } from "../support/http-sms-gateway.ts";

const accountSid = "AC0123456789abcdef0123456789abcdef";
const authToken = "test-auth-token-0123456789";
/** Everything a template must carry through untouched: quotes, `&`, `=`, a newline, `+`, emoji. */
const awkwardText = 'Codice "482913" & più: a=b+c\nriga 2 \\ 😀 %20 {{to}}';

function twilioConfig(baseUrl: string, token = authToken): TwilioGatewayConfig {
  return { kind: "twilio", baseUrl, accountSid, authToken: token, from: "+15005550006" };
}

test("a Twilio send is the documented request: path, Basic auth, form fields; the sid comes back", async () => {
  const provider = await startHttpSmsGateway({ accountSid, authToken });
  const gateway = createTwilioGateway(twilioConfig(`${provider.baseUrl}/`), {
    statusCallbackUrl: "https://mfa.example.it/sms/status?tenant=a",
  });
  try {
    const sent = await gateway.send({ to: "+393331234567", text: awkwardText, reference: "r-1" });
    assert.equal(provider.requests.length, 1);
    const [request] = provider.requests;
    assert.ok(request);
    assert.equal(request.method, "POST");
    assert.equal(request.url, `/2010-04-01/Accounts/${accountSid}/Messages.json`);
    assert.equal(
      request.headers.authorization,
      `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`,
    );
    assert.equal(request.headers["content-type"], "application/x-www-form-urlencoded");
    assert.deepEqual(Object.fromEntries(new URLSearchParams(request.body)), {
      To: "+393331234567",
      From: "+15005550006",
      Body: awkwardText,
      StatusCallback: "https://mfa.example.it/sms/status?tenant=a",
    });
    assert.equal(provider.messages[0]?.body, awkwardText);
    assert.deepEqual(sent, { gatewayMessageId: provider.messages[0]?.sid, via: "primary" });
    assert.match(sent.gatewayMessageId, /^SM[0-9a-f]{32}$/);
  } finally {
    await provider.close();
  }
});

test("a Twilio refusal rejects with the provider's code and message, never the token", async () => {
  const provider = await startHttpSmsGateway({ accountSid, authToken });
  try {
    const wrongToken = createTwilioGateway(twilioConfig(provider.baseUrl, "not-the-token-9876"));
    await assert.rejects(
      wrongToken.send({ to: "+393331234567", text: "1", reference: "r" }),
      (error) => {
        assert.ok(error instanceof SmsGatewayError);
        assert.equal(error.failure, "refused");
        assert.match(error.message, /answered 401 \(code 20003\): Authenticate/);
        assert.doesNotMatch(error.message, /not-the-token-9876|test-auth-token/);
        return true;
      },
    );
    provider.behave("fail");
    const gateway = createTwilioGateway(twilioConfig(provider.baseUrl));
    await assert.rejects(
      gateway.send({ to: "+393331234567", text: "482913", reference: "r" }),
      (error: unknown) =>
        error instanceof SmsGatewayError &&
        /answered 500 \(code 20500\)/.test(error.message) &&
        !error.message.includes("482913"),
    );
    assert.equal(provider.messages.length, 0);
  } finally {
    await provider.close();
  }
});

test("Twilio status callbacks become delivery reports only for final statuses", () => {
  const now = 1_800_000_000_000;
  assert.deepEqual(
    parseTwilioStatusCallback({ MessageSid: "SM1", MessageStatus: "delivered", To: "+39" }, now),
    { gatewayMessageId: "SM1", status: "delivered", at: now, detail: "delivered" },
  );
  assert.deepEqual(
    parseTwilioStatusCallback(
      { MessageSid: "SM2", MessageStatus: "undelivered", ErrorCode: "30003" },
      now,
    ),
    { gatewayMessageId: "SM2", status: "failed", at: now, detail: "undelivered 30003" },
  );
  assert.equal(
    parseTwilioStatusCallback({ MessageSid: "SM3", MessageStatus: "failed" }, now)?.status,
    "failed",
  );
  for (const status of ["queued", "sending", "sent", "accepted", "read"]) {
    assert.equal(
      parseTwilioStatusCallback({ MessageSid: "SM4", MessageStatus: status }, now),
      undefined,
    );
  }
  assert.equal(parseTwilioStatusCallback({ MessageStatus: "delivered" }, now), undefined);
});

function templateConfig(overrides: Partial<HttpTemplateGatewayConfig>): HttpTemplateGatewayConfig {
  return {
    kind: "httpTemplate",
    url: "https://sms.example.it/send",
    method: "POST",
    headers: {},
    contentType: "application/json",
    body: '{"to":"{{to}}","text":"{{text}}"}',
    ...overrides,
  };
}

test("a JSON template carries any text intact and reads the message id from the answer", async () => {
  const provider = await startHttpSmsGateway();
  try {
    const gateway = createHttpTemplateGateway(
      templateConfig({
        url: `${provider.baseUrl}/api/v1/sms`,
        headers: { "x-api-key": "key-123" },
        body: '{"recipient":{"number":"{{to}}"},"message":"{{text}}","ref":"{{reference}}"}',
        messageIdPath: "messages.0.id",
      }),
    );
    const sent = await gateway.send({ to: "+393331234567", text: awkwardText, reference: "r-9" });
    const [request] = provider.requests;
    assert.ok(request);
    assert.equal(request.url, "/api/v1/sms");
    assert.equal(request.headers["x-api-key"], "key-123");
    assert.equal(request.headers["content-type"], "application/json");
    assert.deepEqual(JSON.parse(request.body), {
      recipient: { number: "+393331234567" },
      message: awkwardText,
      ref: "r-9",
    });
    assert.deepEqual(sent, { gatewayMessageId: "m-1", via: "primary" });
  } finally {
    await provider.close();
  }
});

test("form and GET templates encode the text for where it lands; without an id path the reference is the id", async () => {
  const provider = await startHttpSmsGateway();
  try {
    const form = createHttpTemplateGateway(
      templateConfig({
        url: `${provider.baseUrl}/send`,
        contentType: "application/x-www-form-urlencoded",
        body: "user=scuola&to={{to}}&msg={{text}}",
      }),
    );
    const sent = await form.send({ to: "+393331234567", text: awkwardText, reference: "r-form" });
    assert.equal(sent.gatewayMessageId, "r-form");
    assert.deepEqual(Object.fromEntries(new URLSearchParams(provider.requests[0]?.body)), {
      user: "scuola",
      to: "+393331234567",
      msg: awkwardText,
    });

    const get = createHttpTemplateGateway(
      templateConfig({
        url: `${provider.baseUrl}/send?to={{to}}&msg={{text}}&id={{reference}}`,
        method: "GET",
      }),
    );
    await get.send({ to: "+393331234567", text: awkwardText, reference: "r/get&1" });
    const request = provider.requests[1];
    assert.equal(request?.method, "GET");
    assert.equal(request?.body, "");
    const query = new URL(request?.url ?? "", "http://x").searchParams;
    assert.deepEqual(Object.fromEntries(query), {
      to: "+393331234567",
      msg: awkwardText,
      id: "r/get&1",
    });
  } finally {
    await provider.close();
  }
});

test("an HTTP template gateway's error answer rejects without the text", async () => {
  const provider = await startHttpSmsGateway();
  try {
    provider.behave("fail");
    const gateway = createHttpTemplateGateway(templateConfig({ url: `${provider.baseUrl}/send` }));
    await assert.rejects(
      gateway.send({ to: "+393331234567", text: "Codice 482913", reference: "r" }),
      (error: unknown) =>
        error instanceof SmsGatewayError &&
        error.failure === "refused" &&
        /answered 500/.test(error.message) &&
        !error.message.includes("482913"),
    );
  } finally {
    await provider.close();
  }
});

test("templates that could not carry a message safely are refused before use", () => {
  assert.deepEqual(checkHttpTemplateConfig(templateConfig({})), []);
  assert.deepEqual(
    checkHttpTemplateConfig(
      templateConfig({
        url: "https://sms.example.it/send?to={{to}}&m={{text}}",
        method: "GET",
        body: "",
      }),
    ),
    [],
  );
  const cases: Array<[Partial<HttpTemplateGatewayConfig>, RegExp]> = [
    [{ body: '{"to":"{{to}}"}' }, /\{\{text\}\} is missing/],
    [{ body: '{"text":"{{text}}"}' }, /\{\{to\}\} is missing/],
    // For GET the body is not sent: placeholders there do not count.
    [{ method: "GET" }, /\{\{to\}\} is missing/],
    [{ url: "ftp://sms.example.it/send" }, /url: must start with https:\/\/ or http:\/\//],
    [{ url: "file:///etc/passwd" }, /url: must start with/],
    [{ url: "not a url" }, /url: not a valid URL/],
    [
      { headers: { authorization: "Bearer x\r\nX-Injected: 1" } },
      /"authorization" has a control character/,
    ],
    [{ headers: { "bad header": "x" } }, /not a valid header name/],
    [{ body: '{"to":{{to}},"text":"{{text}}"}' }, /body: not JSON once filled in/],
    [{ body: '{"to":"{{to}}","text":"{{txt}}"}' }, /\{\{txt\}\} is not a placeholder/],
    [{ messageIdPath: "messages..id" }, /messageIdPath/],
  ];
  for (const [overrides, problem] of cases) {
    const problems = checkHttpTemplateConfig(templateConfig(overrides));
    assert.ok(
      problems.some((found) => problem.test(found)),
      `${JSON.stringify(overrides)} gives ${JSON.stringify(problems)}`,
    );
  }
  assert.throws(
    () => createHttpTemplateGateway(templateConfig({ url: "ftp://sms.example.it/" })),
    (error: unknown) => error instanceof SmsGatewayError && error.failure === "invalid_config",
  );
});
