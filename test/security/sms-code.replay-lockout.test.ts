import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { browserLike } from "../support/http-client.ts";
import { enablePhoneMethods, smppGatewayOf } from "../support/phone-tenant.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { codeOf } from "../support/sms-code-of.ts";
import { startTestSmsc, type TestSmsc } from "../support/smsc.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A code by SMS is a code like any other: accepted once however many copies arrive together,
// counted towards the user's lockout when wrong, and sent once however often "Send" is pressed
// at the same moment.
for (const kind of ["postgres", "sqlite"] as const) {
  describe(`codes by SMS: replay, concurrency, lockout on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let smsc: TestSmsc;
    let n = 0;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      smsc = await startTestSmsc();
      await updatePhoneSettings(t.ctx, testActor, t.tenant.id, { smsPrimary: smppGatewayOf(smsc) });
      await enablePhoneMethods(t, ["Sms"]);
    });
    after(async () => {
      await server.close();
      await t.close();
      await smsc.close();
    });

    const atPrompt = async () => {
      n += 1;
      const person = await createSignInUser(t, `sms-security${n}@example.it`);
      const number = `+39 33377700${String(n).padStart(2, "0")}`;
      await addPhoneMethod(t.ctx, testActor, person.user, {
        phoneType: "mobile",
        phoneNumber: number,
      });
      const browser = browserLike(server);
      await browser.json("POST", "/api/v1/sign-in", { upn: person.upn, password: testPassword });
      return { browser, person, e164: number.replace(" ", "") };
    };

    test("the same code twenty times at once starts one session", async () => {
      const { browser, e164 } = await atPrompt();
      await browser.json("POST", "/api/v1/sign-in/phone-code", { phoneType: "mobile" });
      const code = codeOf((await smsc.nextMessage(e164)).text);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          browser.json("POST", "/api/v1/sign-in/second-factor", { kind: "phoneCode", code }),
        ),
      );
      const sessions = answers.filter((a) => a.json().state === "signed_in");
      assert.equal(sessions.length, 1);
    });

    test("Send pressed ten times at once sends one SMS", async () => {
      const { browser, e164 } = await atPrompt();
      const before = smsc.messages.length;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          browser.json("POST", "/api/v1/sign-in/phone-code", { phoneType: "mobile" }),
        ),
      );
      await smsc.nextMessage(e164);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(smsc.messages.length - before, 1);
      assert.equal(answers.filter((a) => a.json().error === "phone_code_cooldown").length, 9);
    });

    test("wrong codes by SMS count towards the lockout, and a locked-out user's right code is not checked", async () => {
      const { browser, person, e164 } = await atPrompt();
      for (let round = 0; round < 2; round++) {
        const signIn = round === 0 ? browser : browserLike(server);
        if (round > 0)
          await signIn.json("POST", "/api/v1/sign-in", { upn: person.upn, password: testPassword });
        t.clock.advance(31_000);
        await signIn.json("POST", "/api/v1/sign-in/phone-code", { phoneType: "mobile" });
        await smsc.nextMessage(e164);
        for (let i = 0; i < 5; i++)
          await signIn.json("POST", "/api/v1/sign-in/second-factor", {
            kind: "phoneCode",
            code: "000000",
          });
      }
      const locked = browserLike(server);
      const answer = await locked.json("POST", "/api/v1/sign-in", {
        upn: person.upn,
        password: testPassword,
      });
      assert.deepEqual([answer.statusCode, answer.json().state], [423, "locked"]);
    });
  });
}
