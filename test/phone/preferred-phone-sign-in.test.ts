import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { setPreferredMethod } from "../../src/methods/set-preferred-method.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { phoneGatewaysReady } from "../../src/policy/method-configurations/phone-gateways-ready.ts";
import { updateMethodConfiguration } from "../../src/policy/method-configurations/update-method-configuration.ts";
import { browserLike } from "../support/http-client.ts";
import { csrfOf, formHeaders, html } from "../support/page-sign-in.ts";
import { enablePhoneMethods, smppGatewayOf } from "../support/phone-tenant.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { startTestSmsc, type TestSmsc } from "../support/smsc.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

type Choice = { id: string; kind: string; isDefault: boolean };

// The default method can be a phone (Graph's signInPreferences): the code prompt offers it first,
// and sends nothing until the user presses its button.
for (const kind of ["sqlite", "postgres"] as const) {
  describe(`a phone as the default method at sign-in on ${kind}`, () => {
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

    /** A user with an app and a mobile (a different number each) whose default is `preference`. */
    const userPreferring = async (preference: string | null) => {
      n += 1;
      const upn = `preferisce${n}@example.it`;
      const number = `+39 33398765${String(n).padStart(2, "0")}`;
      const person = await createSignInUser(t, upn);
      await addPhoneMethod(t.ctx, testActor, person.user, {
        phoneType: "mobile",
        phoneNumber: number,
      });
      await setPreferredMethod(t.ctx, testActor, person.user, preference);
      return { upn, e164: number.replace(" ", "") };
    };
    const choicesAtSignIn = async (upn: string) => {
      const start = await browserLike(server).json("POST", "/api/v1/sign-in", {
        upn,
        password: testPassword,
      });
      assert.equal(start.json().state, "second_factor");
      return (start.json().methods as Choice[]).map((m) => [m.kind, m.id, m.isDefault]);
    };

    test("the step marks the preferred SMS choice default, and the app not", async () => {
      const { upn } = await userPreferring("sms:mobile");
      const choices = await choicesAtSignIn(upn);
      assert.deepEqual(choices.slice(1), [["sms", "sms:mobile", true]]);
      assert.deepEqual(
        choices.map((c) => c[2]),
        [false, true],
      );
      const plain = await userPreferring(null);
      assert.deepEqual(
        (await choicesAtSignIn(plain.upn)).map((c) => [c[0], c[2]]),
        [
          ["app", true],
          ["sms", false],
        ],
      );
    });

    test("GET /sign-in/verify puts the phone first and sends nothing; the button sends the code", async () => {
      const { upn, e164 } = await userPreferring("sms:mobile");
      const browser = browserLike(server, { ...html, "accept-language": "it" });
      const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
      const post = (url: string, fields: Record<string, string>) =>
        browser.request({
          method: "POST",
          url,
          headers: formHeaders,
          payload: new URLSearchParams({
            _csrf: browser.jar.get("varco_csrf") ?? token,
            ...fields,
          }).toString(),
        });
      const signedIn = await post("/sign-in", { upn, password: testPassword });
      assert.equal(signedIn.headers.location, "/sign-in/verify");
      const before = smsc.messages.length;
      for (let i = 0; i < 3; i++) {
        const page = await browser.request({ url: "/sign-in/verify" });
        assert.equal(page.statusCode, 200);
        const first = page.body.indexOf('<form method="post" action="/sign-in/phone-code"');
        assert.ok(first > 0 && first < page.body.indexOf('action="/sign-in/verify"'));
        assert.match(page.body, /<button type="submit" class="button">Invia un SMS al \+39/);
        assert.ok(page.body.includes("Oppure usa l&#39;app di autenticazione"));
      }
      assert.equal(smsc.messages.length, before, "showing the page sent no SMS");
      const pressed = await post("/sign-in/phone-code", { phoneType: "mobile" });
      assert.equal(pressed.headers.location, "/sign-in/verify/sms");
      await smsc.nextMessage(e164);
      // The SMSC takes messages in order: had the page sent one, it would be here too.
      assert.equal(smsc.messages.filter((m) => m.to === e164).length, 1);
    });

    test("a preferred call while calls are not usable (no voice gateway): the app stays default", async () => {
      const { upn } = await userPreferring("voice:mobile");
      assert.deepEqual(
        (await choicesAtSignIn(upn)).map((c) => [c[0], c[2]]),
        [
          ["app", true],
          ["sms", false],
        ],
      );
    });

    test("a preferred SMS while Sms is disabled for the tenant: the app stays default", async () => {
      const { upn } = await userPreferring("sms:mobile");
      const ready = await phoneGatewaysReady(t.ctx, t.tenant.id);
      await updateMethodConfiguration(
        t.ctx,
        testActor,
        t.tenant.id,
        "Sms",
        { state: "disabled" },
        ready,
      );
      try {
        const choices = await choicesAtSignIn(upn);
        assert.deepEqual(
          choices.map((c) => [c[0], c[2]]),
          [["app", true]],
        );
      } finally {
        await enablePhoneMethods(t, ["Sms"]);
      }
    });
  });
}
