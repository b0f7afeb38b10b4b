import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { authenticator, passkeyServer } from "../passkey/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp } from "../support/test-app.ts";

// The pages' passkey routes through the HTTP layer, with the software authenticator: the script's
// part (options, ceremony, the form sent with the answer) done by hand. Chromium runs the same
// flows in test/browser/passkeys.test.ts.

const form = { "content-type": "application/x-www-form-urlencoded", accept: "text/html" };
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

for (const kind of databaseKinds) {
  describe(`passkey pages on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let plain: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await passkeyServer(t);
      plain = await buildTestServer(t.ctx);
    });
    after(async () => {
      await server.close();
      await plain.close();
      await t.close();
    });

    test("the sign-in page offers passkeys only where the public URL can host them", async () => {
      const offered = await browserLike(server).request({ url: "/sign-in" });
      assert.match(offered.body, /autocomplete="username webauthn"/);
      assert.match(offered.body, /action="\/sign-in\/passkey"/);
      assert.match(offered.body, /src="\/static\/passkey\.js"/);
      const none = await browserLike(plain).request({ url: "/sign-in" });
      assert.doesNotMatch(none.body, /webauthn|\/sign-in\/passkey|passkey\.js/);
      const helper = await browserLike(server).request({
        url: "/static/webauthn/simplewebauthn-browser.js",
      });
      assert.equal(helper.statusCode, 200);
      assert.match(String(helper.headers["content-type"]), /^text\/javascript/);
      assert.match(helper.body, /SimpleWebAuthnBrowser/);
    });

    test("an answer that is not one, or a key not known, gets the sign-in page's one message", async () => {
      const b = browserLike(server, { accept: "text/html", "accept-language": "en" });
      const page = await b.request({ url: "/sign-in" });
      const refused = await b.request({
        method: "POST",
        url: "/sign-in/passkey",
        headers: form,
        payload: new URLSearchParams({ _csrf: csrfOf(page.body), response: "{}" }).toString(),
      });
      assert.equal(refused.statusCode, 401);
      assert.match(refused.body, /The passkey or security key was not accepted/);
    });

    test("Security info: options need the page's token and a recent proof; add, rename, delete", async () => {
      const u = await createSignInUser(t, `pagine.${kind}@comune.example`);
      const b = browserLike(server, { accept: "text/html", "accept-language": "en" });
      let csrf = csrfOf((await b.request({ url: "/sign-in" })).body);
      const post = async (url: string, fields: Record<string, string>) => {
        const response = await b.request({
          method: "POST",
          url,
          headers: form,
          payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        });
        csrf = csrfOf(response.body) || csrf;
        return response;
      };
      await post("/sign-in", { upn: u.upn, password: testPassword });
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const signedIn = await post("/sign-in/verify", { code, methodId: u.methodId });
      assert.equal(signedIn.headers.location, "/security-info");
      csrf = csrfOf((await b.request({ url: "/security-info" })).body);

      const json = { "content-type": "application/json", accept: "application/json" };
      const forged = await b.request({
        method: "POST",
        url: "/security-info/passkeys/options",
        headers: json,
        payload: {},
      });
      assert.equal(forged.statusCode, 403, "no token, no options");
      const options = await b.request({
        method: "POST",
        url: "/security-info/passkeys/options",
        headers: json,
        payload: { _csrf: csrf },
      });
      assert.equal(options.statusCode, 200, options.body);
      assert.equal(options.json().ceremony, "create");

      const key = authenticator("cross-platform");
      const made = key.create(options.json().options);
      const added = await post("/security-info/passkeys/new", {
        response: JSON.stringify(made.response),
        name: "",
      });
      assert.equal(added.headers.location, "/security-info?notice=passkey_added");
      const listed = await b.request({ url: "/security-info" });
      const id = /\/security-info\/passkeys\/([0-9a-f-]{36})\/rename/.exec(listed.body)?.[1];
      assert.ok(id, "the key is listed with its rename link");
      assert.match(listed.body, /Security key/);

      const again = await post("/security-info/passkeys/new", {
        response: JSON.stringify(made.response),
        name: "Again",
      });
      assert.equal(again.statusCode, 400, "the challenge was used once");
      assert.match(again.body, /could not be registered/);

      const badName = await post(`/security-info/passkeys/${id}/rename`, { name: "  " });
      assert.equal(badName.statusCode, 400);
      const renamed = await post(`/security-info/passkeys/${id}/rename`, { name: "Chiave blu" });
      assert.equal(renamed.headers.location, "/security-info?notice=passkey_renamed");
      const confirm = await b.request({ url: `/security-info/passkeys/${id}/remove` });
      assert.match(confirm.body, /Delete Chiave blu\?/);
      const removed = await post(`/security-info/passkeys/${id}/remove`, {});
      assert.equal(removed.headers.location, "/security-info?notice=passkey_removed");
      const audit = await t.ctx.store.db
        .selectFrom("audit_log")
        .select("action")
        .where("action", "in", ["Register passkey", "Rename passkey", "Delete passkey"])
        .execute();
      assert.equal(audit.length, 3);
    });
  });
}
