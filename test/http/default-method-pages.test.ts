import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { findMethod } from "../../src/store/queries/methods.ts";
import { findUserById } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { enablePhoneMethods, smppGatewayOf } from "../support/phone-tenant.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { startTestSmsc, type TestSmsc } from "../support/smsc.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Seed 004 "Metodo di accesso predefinito": the user (after a recent second factor) and an
// administrator who may manage methods choose the default among the apps and the phones.
for (const kind of databaseKinds) {
  describe(`the default method on Security info and the admin page on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let smsc: TestSmsc;
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

    const withMobile = async (upn: string) => {
      const u = await createSignInUser(t, upn);
      await addPhoneMethod(t.ctx, testActor, u.user, {
        phoneType: "mobile",
        phoneNumber: "+39 348 246 8135",
      });
      return u;
    };
    const preferenceOf = async (userId: string) =>
      (await findUserById(t.ctx.store.db, userId))?.preferredPhoneMethod;

    test("Security info: the app or the phone's SMS, refusals by code, the app again", async () => {
      const u = await withMobile("predefinito.mio@example.it");
      const me = await signInToPages(t, server, u);
      const page = await me.get("/security-info?lang=it");
      assert.match(
        page.body,
        /<h2 id="default-method-heading">Metodo di accesso predefinito<\/h2>/,
      );
      assert.match(page.body, /<form method="post" action="\/security-info\/default-method"/);
      assert.ok(
        page.body.includes(
          `<option value="${u.methodId}" selected>App di autenticazione: phone</option>`,
        ),
      );
      assert.ok(
        page.body.includes(`<option value="sms:mobile">Invia un SMS al +39 ••• •••• 35</option>`),
      );
      assert.doesNotMatch(page.body, /value="voice:/, "calls are not usable in this tenant");

      const chosen = await me.post("/security-info/default-method", { method: "sms:mobile" });
      assert.equal(chosen.headers.location, "/security-info?notice=default_changed");
      assert.equal(await preferenceOf(u.user.id), "sms:mobile");
      const shown = await me.get("/security-info?lang=en");
      assert.ok(
        shown.body.includes(`<option value="sms:mobile" selected>Text +39 ••• •••• 35</option>`),
      );
      assert.ok(
        shown.body.includes(`<option value="${u.methodId}">Authenticator app: phone</option>`),
      );

      for (const [method, code] of [
        ["sms:office", "preferred_sms_office"],
        ["voice:alternateMobile", "preferred_phone_not_found"],
        ["fax:mobile", "invalid_preferred_method"],
        ["no-such-method", "method_not_found"],
      ] as const) {
        const refused = await me.post("/security-info/default-method", { method });
        assert.equal(refused.headers.location, `/security-info?error=${code}`, method);
      }
      const words = await me.get("/security-info?error=preferred_sms_office&lang=it");
      assert.match(words.body, /I codici via SMS arrivano solo ai cellulari/);
      assert.equal(await preferenceOf(u.user.id), "sms:mobile", "refusals change nothing");

      const app = await me.post("/security-info/default-method", { method: u.methodId });
      assert.equal(app.headers.location, "/security-info?notice=default_changed");
      assert.equal(await preferenceOf(u.user.id), null);
      assert.equal((await findMethod(t.ctx.store.db, u.user.id, u.methodId))?.isDefault, true);
    });

    test("Security info: past the recent-authentication window, choosing asks for a code first", async () => {
      const u = await withMobile("predefinito.vecchio@example.it");
      const me = await signInToPages(t, server, u);
      t.clock.advance(40 * 60_000);
      await me.get("/security-info");
      t.clock.advance(25 * 60_000);
      const asked = await me.post("/security-info/default-method", { method: "sms:mobile" });
      assert.equal(asked.headers.location, "/reauth?returnTo=%2Fsecurity-info");
      assert.equal(await preferenceOf(u.user.id), null);
    });

    test("the admin page: an Authentication Administrator chooses, a Security Reader cannot", async () => {
      const signedIn = async (upn: string, role: Role) => {
        const a = await createSignInUser(t, upn);
        await assignRole(t.ctx, testActor, a.user, role);
        return signInToPages(t, server, a);
      };
      const helper = await signedIn("aiuto.predefinito@example.it", "authenticationAdministrator");
      const reader = await signedIn("lettore.predefinito@example.it", "securityReader");
      const target = await withMobile("utente.predefinito@example.it");
      const base = `/admin/users/${target.user.id}`;
      const page = await helper.get(`${base}?lang=it`);
      assert.match(page.body, /Metodo di accesso predefinito/);
      assert.match(page.body, new RegExp(`<form method="post" action="${base}/default-method"`));
      assert.doesNotMatch((await reader.get(`${base}?lang=it`)).body, /default-method/);

      const forbidden = await reader.post(`${base}/default-method`, { method: "sms:mobile" });
      assert.equal(forbidden.statusCode, 403);
      assert.equal(await preferenceOf(target.user.id), null);
      const chosen = await helper.post(`${base}/default-method`, { method: "sms:mobile" });
      assert.equal(chosen.headers.location, `${base}?notice=default_changed`);
      assert.equal(await preferenceOf(target.user.id), "sms:mobile");
      const refused = await helper.post(`${base}/default-method`, { method: "sms:office" });
      assert.equal(refused.headers.location, `${base}?error=preferred_sms_office`);
      const shown = await helper.get(`${base}?notice=default_changed&lang=en`);
      assert.match(shown.body, /The default method has been changed\./);
    });
  });
}
