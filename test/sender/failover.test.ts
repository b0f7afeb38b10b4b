import assert from "node:assert/strict";
import { test } from "node:test";
import { createFailoverGateway } from "../../src/sender/sms/failover-gateway.ts";
import { createSmppGateway } from "../../src/sender/sms/smpp-gateway.ts";
import { SmsGatewayError } from "../../src/sender/sms/sms-gateway-error.ts";
import { createTwilioGateway } from "../../src/sender/sms/twilio-gateway.ts";
import { startHttpSmsGateway } from "../support/http-sms-gateway.ts";
import { startTestSmsc } from "../support/smsc.ts";

const accountSid = "AC0123456789abcdef0123456789abcdef";
const authToken = "test-auth-token-0123456789";
const message = { to: "+393331234567", text: "Il tuo codice è 482913", reference: "r-1" };

/** Two Twilio-compatible providers and a failover gateway over them. */
async function twoProviders(timeoutMs = 2_000) {
  const first = await startHttpSmsGateway({ accountSid, authToken });
  const second = await startHttpSmsGateway({ accountSid, authToken });
  const gateway = (baseUrl: string) =>
    createTwilioGateway(
      { kind: "twilio", baseUrl, accountSid, authToken, from: "Scuola" },
      { timeoutMs },
    );
  return {
    first,
    second,
    failover: createFailoverGateway(gateway(first.baseUrl), gateway(second.baseUrl)),
    async close() {
      await first.close();
      await second.close();
    },
  };
}

test("a working primary takes the message and the secondary is never asked", async () => {
  const { first, second, failover, close } = await twoProviders();
  try {
    const sent = await failover.send(message);
    assert.deepEqual(sent, { gatewayMessageId: first.messages[0]?.sid, via: "primary" });
    assert.equal(second.requests.length, 0);
  } finally {
    await close();
  }
});

test("when the primary fails the secondary takes the message, each asked once", async () => {
  const { first, second, failover, close } = await twoProviders();
  try {
    first.behave("fail");
    const sent = await failover.send(message);
    assert.deepEqual(sent, { gatewayMessageId: second.messages[0]?.sid, via: "secondary" });
    assert.equal(first.requests.length, 1);
    assert.equal(second.requests.length, 1);
    assert.equal(second.messages[0]?.body, message.text);
  } finally {
    await close();
  }
});

test("a primary hanging past the timeout hands the message to the secondary", async () => {
  const { first, second, failover, close } = await twoProviders(300);
  try {
    first.behave("hang");
    const sent = await failover.send(message);
    assert.equal(sent.via, "secondary");
    assert.equal(first.requests.length, 1);
    assert.equal(second.messages.length, 1);
  } finally {
    await close();
  }
});

test("when both fail the send rejects once, saying both failed, after one attempt on each", async () => {
  const { first, second, failover, close } = await twoProviders(300);
  try {
    first.behave("hang");
    second.behave("fail");
    await assert.rejects(failover.send(message), (error) => {
      assert.ok(error instanceof SmsGatewayError);
      assert.equal(error.failure, "all_failed");
      assert.match(
        error.message,
        /both SMS gateways failed: primary: no answer .* secondary: .*answered 500/,
      );
      return true;
    });
    assert.equal(first.requests.length, 1);
    assert.equal(second.requests.length, 1);
  } finally {
    await close();
  }
});

test("an SMPP primary that refuses the bind hands over to an HTTP secondary", async () => {
  const smsc = await startTestSmsc({ password: "right-pw" });
  const provider = await startHttpSmsGateway({ accountSid, authToken });
  const failover = createFailoverGateway(
    createSmppGateway(
      {
        kind: "smpp",
        host: "127.0.0.1",
        port: smsc.port,
        tls: false,
        systemId: "varco",
        password: "wrong-pw",
        sourceAddress: "Scuola",
      },
      { onDeliveryReport() {} },
    ),
    createTwilioGateway({
      kind: "twilio",
      baseUrl: provider.baseUrl,
      accountSid,
      authToken,
      from: "Scuola",
    }),
  );
  try {
    const sent = await failover.send(message);
    assert.equal(sent.via, "secondary");
    assert.equal(smsc.messages.length, 0);
    assert.equal(provider.messages.length, 1);
  } finally {
    await failover.close();
    await provider.close();
    await smsc.close();
  }
});

test("without a secondary the primary's own error comes back", async () => {
  const provider = await startHttpSmsGateway({ accountSid, authToken });
  try {
    provider.behave("fail");
    const only = createFailoverGateway(
      createTwilioGateway({
        kind: "twilio",
        baseUrl: provider.baseUrl,
        accountSid,
        authToken,
        from: "S",
      }),
      undefined,
    );
    await assert.rejects(
      only.send(message),
      (error: unknown) => error instanceof SmsGatewayError && error.failure === "refused",
    );
    assert.equal(provider.requests.length, 1);
  } finally {
    await provider.close();
  }
});
