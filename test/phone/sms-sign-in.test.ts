import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listPhoneMethods } from "../../src/store/queries/phone-methods.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { browserLike } from "../support/http-client.ts";
import { enablePhoneMethods } from "../support/phone-tenant.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { codeOf } from "../support/sms-code-of.ts";
import { startTestSmsc, type TestSmsc } from "../support/smsc.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

for (const kind of ["sqlite", "postgres"] as const) {
  describe(`codes by SMS at sign-in on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let smsc: TestSmsc;
    let n = 0;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      smsc = await startTestSmsc({ deliveryReports: "delivered" });
      await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
        smsPrimary: {
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
      await smsc.close();
    });

    /** A user with an app and a mobile (+39 3xx, a different number each), signed in to the code prompt. */
    const atCodePrompt = async () => {
      n += 1;
      const upn = `sms${n}@example.it`;
      const number = `+39 33312345${String(n).padStart(2, "0")}`;
      const person = await createSignInUser(t, upn);
      await addPhoneMethod(t.ctx, testActor, person.user, {
        phoneType: "mobile",
        phoneNumber: number,
      });
      const browser = browserLike(server);
      const start = await browser.json("POST", "/api/v1/sign-in", { upn, password: testPassword });
      assert.equal(start.json().state, "second_factor");
      return { browser, person, number, e164: number.replace(" ", ""), start: start.json() };
    };

    test("Text +39 ••• 12: the code by SMS, in the page's language with the tenant's name, signs in once", async () => {
      const { browser, person, e164, start } = await atCodePrompt();
      assert.deepEqual(
        start.methods.map((m: { kind: string; label: string }) => [m.kind, m.label]),
        [
          ["app", "phone"],
          ["sms", `+39 ••• •••• ${e164.slice(-2)}`],
        ],
      );
      const sent = await browser.json("POST", "/api/v1/sign-in/phone-code", {
        phoneType: "mobile",
        language: "it",
      });
      assert.equal(sent.statusCode, 200);
      assert.equal(sent.json().state, "second_factor");
      assert.equal(sent.json().phoneCode.maskedNumber, `+39 ••• •••• ${e164.slice(-2)}`);
      const sms = await smsc.nextMessage(e164);
      assert.match(
        sms.text,
        new RegExp(`^\\d{6} è il tuo codice di verifica per ${t.tenant.displayName}`),
      );
      const host = new URL(t.ctx.phone?.publicUrl ?? "").host;
      assert.ok(sms.text.endsWith(`\n\n@${host} #${sms.text.slice(0, 6)}`), sms.text);
      const code = codeOf(sms.text);
      const done = await browser.json("POST", "/api/v1/sign-in/second-factor", {
        kind: "phoneCode",
        code,
      });
      assert.equal(done.json().state, "signed_in");
      const logged = await listSignIns(t.ctx.store.db, t.tenant.id, 5);
      const success = logged.find((e) => e.user_id === person.user.id && e.result === "success");
      assert.equal(success?.method_kind, "sms");
      assert.ok(!JSON.stringify(logged).includes(code), "the code is in no log line");

      // The same code on a new sign-in of the same user: bound to the sign-in that asked for it.
      const again = browserLike(server);
      await again.json("POST", "/api/v1/sign-in", { upn: person.upn, password: testPassword });
      const replay = await again.json("POST", "/api/v1/sign-in/second-factor", {
        kind: "phoneCode",
        code,
      });
      assert.deepEqual(
        [replay.json().state, replay.json().error],
        ["second_factor", "invalid_code"],
      );
    });

    test("Send again waits for the cool-down; only the newest code works; a new code buys no new attempts", async () => {
      const { browser, e164 } = await atCodePrompt();
      await browser.json("POST", "/api/v1/sign-in/phone-code", { phoneType: "mobile" });
      const first = codeOf((await smsc.nextMessage(e164)).text);
      const soon = await browser.json("POST", "/api/v1/sign-in/phone-code", {
        phoneType: "mobile",
      });
      assert.equal(soon.json().error, "phone_code_cooldown");
      for (let i = 0; i < 2; i++) {
        const wrong = await browser.json("POST", "/api/v1/sign-in/second-factor", {
          kind: "phoneCode",
          code: "000000",
        });
        assert.equal(wrong.json().error, "invalid_code");
      }
      t.clock.advance(30_000);
      const resent = await browser.json("POST", "/api/v1/sign-in/phone-code", {
        phoneType: "mobile",
      });
      assert.equal(resent.json().error, undefined);
      const second = codeOf((await smsc.nextMessage(e164)).text);
      const old = await browser.json("POST", "/api/v1/sign-in/second-factor", {
        kind: "phoneCode",
        code: first === second ? "999999" : first,
      });
      assert.equal(old.json().error, "invalid_code");
      // Three attempts used of five: two more wrong codes end the sign-in, the new code or not.
      for (let i = 0; i < 2; i++)
        await browser.json("POST", "/api/v1/sign-in/second-factor", {
          kind: "phoneCode",
          code: "000000",
        });
      const late = await browser.json("POST", "/api/v1/sign-in/second-factor", {
        kind: "phoneCode",
        code: second,
      });
      assert.deepEqual(
        [late.statusCode, late.json().state, late.json().reason],
        [401, "expired", "attempts_used_up"],
      );
    });

    test("an expired code is refused", async () => {
      const { browser, e164 } = await atCodePrompt();
      await browser.json("POST", "/api/v1/sign-in/phone-code", { phoneType: "mobile" });
      const code = codeOf((await smsc.nextMessage(e164)).text);
      t.clock.advance(5 * 60_000 + 1);
      const late = await browser.json("POST", "/api/v1/sign-in/second-factor", {
        kind: "phoneCode",
        code,
      });
      assert.equal(late.json().error, "invalid_code");
    });

    test("the user's hourly limit stops sending: the SMSC gets no more than the limit", async () => {
      const { browser, e164 } = await atCodePrompt();
      const before = smsc.messages.filter((m) => m.to.endsWith(e164.slice(1))).length;
      const errors: (string | undefined)[] = [];
      for (let i = 0; i < 7; i++) {
        errors.push(
          (await browser.json("POST", "/api/v1/sign-in/phone-code", { phoneType: "mobile" })).json()
            .error,
        );
        t.clock.advance(31_000);
      }
      assert.deepEqual(errors, [
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        "phone_limit_reached",
        "phone_limit_reached",
      ]);
      await smsc.nextMessage(e164);
      const sent = smsc.messages.filter((m) => m.to.endsWith(e164.slice(1))).length - before;
      assert.equal(sent, 5);
    });

    test("a delivery report is recorded with the message; the gateway's failure is said and recorded", async () => {
      const { browser, person, e164 } = await atCodePrompt();
      await browser.json("POST", "/api/v1/sign-in/phone-code", { phoneType: "mobile" });
      await smsc.nextMessage(e164);
      const statusOf = async () =>
        await t.ctx.store.db
          .selectFrom("phone_messages")
          .select(["status", "code_hash"])
          .where("user_id", "=", person.user.id)
          .execute();
      for (let i = 0; i < 100 && (await statusOf())[0]?.status !== "delivered"; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(
        (await statusOf()).map((row) => [row.status, row.code_hash]),
        [["delivered", null]],
      );
    });

    test("registration: a number typed gets a code, and becomes the user's mobile once it comes back", async () => {
      await changeTenantPolicy(t.ctx, testActor, t.tenant, { requiredMethodCount: 2 });
      try {
        n += 1;
        const person = await createSignInUser(t, `sms-register${n}@example.it`);
        const browser = browserLike(server);
        const start = await browser.json("POST", "/api/v1/sign-in", {
          upn: person.upn,
          password: testPassword,
        });
        assert.equal(start.json().state, "second_factor");
        const { oathtoolTotp } = await import("../support/oathtool.ts");
        const code = await oathtoolTotp(person.secret, { timeMs: t.clock.now() });
        const proven = await browser.json("POST", "/api/v1/sign-in/second-factor", { code });
        assert.deepEqual(
          [
            proven.json().state,
            proven.json().registered,
            proven.json().required,
            proven.json().phoneOffered,
          ],
          ["register", 1, 2, true],
        );
        for (const [typed, error] of [
          ["333 123 4567", "phone_country_code_required"],
          ["+39 899 123456", "phone_number_not_allowed"],
          ["+44 7400 123456", "phone_number_not_allowed"],
        ] as const) {
          const refused = await browser.json("POST", "/api/v1/sign-in/register/phone", {
            phoneNumber: typed,
          });
          assert.deepEqual(
            [refused.json().state, refused.json().error],
            ["register", error],
            typed,
          );
        }
        const number = `+39 32948239${String(n).padStart(2, "0")}`;
        const sent = await browser.json("POST", "/api/v1/sign-in/register/phone", {
          phoneNumber: number,
        });
        assert.equal(sent.json().phoneCode.maskedNumber, `+39 ••• •••• ${number.slice(-2)}`);
        const sms = await smsc.nextMessage(number.replace(" ", ""));
        const wrong = await browser.json("POST", "/api/v1/sign-in/register/phone/verify", {
          code: "000000",
        });
        assert.deepEqual([wrong.json().state, wrong.json().error], ["register", "invalid_code"]);
        assert.deepEqual(await listPhoneMethods(t.ctx.store.db, person.user.id), []);
        const done = await browser.json("POST", "/api/v1/sign-in/register/phone/verify", {
          code: codeOf(sms.text),
        });
        assert.equal(done.json().state, "signed_in");
        const phones = await listPhoneMethods(t.ctx.store.db, person.user.id);
        assert.deepEqual(
          phones.map((p) => [p.phoneType, p.phoneNumber]),
          [["mobile", number]],
        );
      } finally {
        await changeTenantPolicy(t.ctx, testActor, t.tenant, { requiredMethodCount: 1 });
      }
    });
  });
}
