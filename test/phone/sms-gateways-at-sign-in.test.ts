import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { signTwilioRequest } from "../../src/sender/twilio-signature.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { browserLike } from "../support/http-client.ts";
import { type HttpSmsGatewayDouble, startHttpSmsGateway } from "../support/http-sms-gateway.ts";
import { enablePhoneMethods } from "../support/phone-tenant.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { startTestSmsc, type TestSmsc } from "../support/smsc.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// The tenant's gateways as a sign-in meets them: a Twilio-compatible HTTP gateway first (a double
// of its documented API) and an SMPP one second, the delivery report posted back signed, the
// failover, both down, and the monthly cap that stops sending and tells the notification address.
describe("SMS gateways at sign-in", () => {
  let t: TestApp;
  let server: FastifyInstance;
  let http: HttpSmsGatewayDouble;
  let smsc: TestSmsc;
  let n = 0;
  const authToken = "0123456789abcdef0123456789abcdef";
  before(async () => {
    t = await openTestApp("postgres");
    server = await buildTestServer(t.ctx);
    http = await startHttpSmsGateway({ authToken });
    smsc = await startTestSmsc();
    await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
      smsPrimary: {
        kind: "twilio",
        baseUrl: http.baseUrl,
        accountSid: "AC0123456789abcdef0123456789abcdef",
        authToken,
        from: "+390212345678",
      },
      smsSecondary: {
        kind: "smpp",
        host: "127.0.0.1",
        port: smsc.port,
        tls: false,
        systemId: "varco",
        password: "secret1",
        sourceAddress: "Varco",
      },
    });
    await enablePhoneMethods(t, ["Sms"]);
  });
  after(async () => {
    await server.close();
    await t.close();
    await http.close();
    await smsc.close();
  });

  const askForCode = async () => {
    n += 1;
    const person = await createSignInUser(t, `gateways${n}@example.it`);
    const number = `+39 33355500${String(n).padStart(2, "0")}`;
    await addPhoneMethod(t.ctx, testActor, person.user, {
      phoneType: "mobile",
      phoneNumber: number,
    });
    const browser = browserLike(server);
    await browser.json("POST", "/api/v1/sign-in", { upn: person.upn, password: testPassword });
    const sent = await browser.json("POST", "/api/v1/sign-in/phone-code", { phoneType: "mobile" });
    const rows = await t.ctx.store.db
      .selectFrom("phone_messages")
      .select(["status", "via", "gateway_message_id", "detail"])
      .where("user_id", "=", person.user.id)
      .execute();
    return { step: sent.json(), rows, e164: number.replace(" ", "") };
  };

  test("the HTTP gateway takes the code; its signed delivery report is recorded, an unsigned one refused", async () => {
    http.behave("accept");
    const { step, rows, e164 } = await askForCode();
    assert.equal(step.error, undefined);
    const message = http.messages.at(-1);
    assert.equal(message?.to, e164);
    assert.equal(rows[0]?.via, "primary");
    const path = `/hooks/sms/status/${t.tenant.id}`;
    const form = { MessageSid: message?.sid ?? "", MessageStatus: "delivered", To: e164 };
    const url = `${t.ctx.phone?.publicUrl}${path}`;
    const post = (signature?: string) =>
      server.inject({
        method: "POST",
        url: path,
        payload: new URLSearchParams(form).toString(),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(signature ? { "x-twilio-signature": signature } : {}),
        },
      });
    assert.equal((await post()).statusCode, 403);
    assert.equal((await post(signTwilioRequest("not the token", url, form))).statusCode, 403);
    const status = async () =>
      (
        await t.ctx.store.db
          .selectFrom("phone_messages")
          .select("status")
          .where("gateway_message_id", "=", message?.sid ?? "")
          .executeTakeFirstOrThrow()
      ).status;
    assert.equal(await status(), "sent");
    assert.equal((await post(signTwilioRequest(authToken, url, form))).statusCode, 204);
    assert.equal(await status(), "delivered");
  });

  test("when the HTTP gateway fails, the SMPP one takes the message, once", async () => {
    http.behave("fail");
    const before = http.requests.length;
    const { step, rows, e164 } = await askForCode();
    assert.equal(step.error, undefined);
    assert.equal((await smsc.nextMessage(e164)).to.endsWith(e164.slice(1)), true);
    assert.equal(http.requests.length - before, 1);
    assert.equal(rows[0]?.via, "secondary");
  });

  test("when both fail, the user is told and the message is recorded as failed", async () => {
    http.behave("fail");
    const down = await startTestSmsc({ failSubmits: true });
    await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
      smsSecondary: {
        kind: "smpp",
        host: "127.0.0.1",
        port: down.port,
        tls: false,
        systemId: "varco",
        password: "secret1",
        sourceAddress: "Varco",
      },
    });
    try {
      const { step, rows } = await askForCode();
      assert.equal(step.error, "phone_send_failed");
      assert.equal(rows[0]?.status, "failed");
      const logged = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.deepEqual(
        logged.map((e) => [e.result, e.reason, e.method_kind]),
        [["failure", "phone_send_failed", "sms"]],
      );
      assert.ok(!JSON.stringify(rows).includes(authToken), "no credential in the record");
    } finally {
      await down.close();
    }
  });

  test("the monthly cap stops sending and tells the notification addresses once", async () => {
    http.behave("accept");
    await changeTenantPolicy(t.ctx, testActor, t.tenant, {
      fraudNotificationEmails: ["it@example.it"],
    });
    const sentSoFar = await t.ctx.store.db
      .selectFrom("phone_messages")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
      monthlyMessageCap: Number(sentSoFar.n) + 1,
    });
    assert.equal((await askForCode()).step.error, undefined);
    assert.equal((await askForCode()).step.error, "phone_limit_reached");
    const outbox = join(t.dataDir, "outbox");
    const notices = readdirSync(outbox)
      .map((file) => readFileSync(join(outbox, file), "utf8"))
      // Headers unfolded (RFC 5322 section 2.2.3), as a mail reader shows the subject.
      .filter((mail) => mail.replaceAll("\r\n ", " ").includes("Monthly SMS and call cap reached"));
    assert.equal(notices.length, 1);
  });
});
