import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { updateTenantPolicy } from "../../src/store/queries/tenants.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A consultant with accounts in several organisations, and a newcomer: the sign-in page finds the tenant by the UPN's
// domain, `/t/{tenant}/sign-in` names it, and every page after keeps it.
const html = { accept: "text/html" };
const formHeaders = { ...html, "content-type": "application/x-www-form-urlencoded" };
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";
const hasPasswordField = (body: string) => /<input type="password" id="password"/.test(body);

for (const kind of databaseKinds) {
  describe(`tenant discovery on the sign-in pages, on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let school: Tenant;
    let mario: SignInUser;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      school = await createTenant(t.ctx, testActor, {
        name: "school",
        displayName: "Scuola Media",
      });
      mario = await createSignInUser({ ...t, tenant: school }, "mario.rossi@school.it");
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const post = (
      browser: ReturnType<typeof browserLike>,
      url: string,
      fields: Record<string, string>,
    ) =>
      browser.request({
        method: "POST",
        url,
        headers: formHeaders,
        payload: new URLSearchParams(fields).toString(),
      });

    test("with no domain anywhere, /sign-in is the default tenant's one form, as before", async () => {
      const page = await browserLike(server, html).request({ url: "/sign-in" });
      assert.equal(page.statusCode, 200);
      assert.ok(hasPasswordField(page.body), "user name and password together");
      assert.match(page.body, /<input type="hidden" name="tenant" value="default">/);
    });

    test("the newcomer: / asks the user name, its domain finds the school, then the password", async () => {
      await addTenantDomain(t.ctx, testActor, school, "school.it");
      const browser = browserLike(server, html);
      const home = await browser.request({ url: "/" });
      assert.equal(home.headers.location, "/security-info");
      const info = await browser.request({ url: "/security-info" });
      assert.equal(info.headers.location, "/sign-in");
      const first = await browser.request({ url: "/sign-in" });
      assert.equal(first.statusCode, 200);
      assert.ok(!hasPasswordField(first.body), "the user name first");
      assert.match(first.body, /<button type="submit" class="button">Next<\/button>/);
      assert.doesNotMatch(first.body, /name="tenant"/);
      // The discovery form passes the CSRF check like every form.
      const forged = await post(browserLike(server, html), "/sign-in", { upn: mario.upn });
      assert.equal(forged.statusCode, 403);

      const token = csrfOf(first.body);
      const named = await post(browser, "/sign-in", {
        _csrf: token,
        upn: " Mario.Rossi@School.IT ",
      });
      assert.equal(named.statusCode, 303);
      assert.equal(named.headers.location, "/sign-in?upn=Mario.Rossi%40School.IT");
      const second = await browser.request({ url: named.headers.location as string });
      assert.equal(second.statusCode, 200);
      // Until the password is proven, nothing tells that the domain found a tenant.
      assert.doesNotMatch(second.body, /Scuola Media/);
      assert.ok(hasPasswordField(second.body));
      assert.match(second.body, /value="Mario.Rossi@School.IT"/);
      assert.match(second.body, /<a href="\/sign-in">Sign in with another username<\/a>/);

      const wrong = await post(browser, "/sign-in", {
        _csrf: token,
        upn: mario.upn,
        password: "not the password",
      });
      assert.equal(wrong.statusCode, 401);
      assert.doesNotMatch(wrong.body, /Scuola Media/, "a refusal names no tenant either");
      const signIn = await post(browser, "/sign-in", {
        _csrf: token,
        upn: mario.upn,
        password: testPassword,
      });
      assert.deepEqual([signIn.statusCode, signIn.headers.location], [303, "/sign-in/verify"]);
      const verify = await browser.request({ url: "/sign-in/verify" });
      assert.match(verify.body, /<p class="brand">Scuola Media<\/p>/);
      const code = await oathtoolTotp(mario.secret, { timeMs: t.clock.now() });
      const done = await post(browser, "/sign-in/verify", { _csrf: token, code });
      assert.equal(done.headers.location, "/security-info");
      t.clock.advance(30_000);

      const page = await browser.request({ url: "/security-info" });
      const out = await post(browser, "/sign-out", { _csrf: csrfOf(page.body) });
      assert.equal(out.headers.location, "/t/school/sign-in?notice=signed_out");
      const again = await browser.request({ url: out.headers.location as string });
      assert.equal(again.statusCode, 200);
      assert.match(again.body, /<p class="brand">Scuola Media<\/p>/);
      assert.match(again.body, /You have signed out/);
      assert.match(again.body, /<input type="hidden" name="tenant" value="school">/);
      assert.ok(hasPasswordField(again.body), "the tenant named: one form");
    });

    test("a domain nobody has, or a UPN without one, belongs to the default tenant", async () => {
      const browser = browserLike(server, html);
      for (const upn of ["someone@nowhere.example", "someone"]) {
        const page = await browser.request({ url: `/sign-in?upn=${encodeURIComponent(upn)}` });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /<p class="brand">Varco<\/p>/, upn);
      }
    });

    test("/t/{tenant}/sign-in names the tenant: one form, the tenant's name, its TAP page", async () => {
      const browser = browserLike(server, html);
      const page = await browser.request({ url: "/t/school/sign-in" });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<p class="brand">Scuola Media<\/p>/);
      assert.match(page.body, /<input type="hidden" name="tenant" value="school">/);
      assert.ok(hasPasswordField(page.body));
      assert.match(page.body, /href="\/sign-in\/tap\?tenant=school"/);
      const tap = await browser.request({ url: "/t/school/sign-in/tap" });
      assert.match(tap.body, /<p class="brand">Scuola Media<\/p>/);
      assert.match(tap.body, /<input type="hidden" name="tenant" value="school">/);
      assert.match(tap.body, /<a href="\/t\/school\/sign-in">Sign in with your password<\/a>/);
      const filled = await browser.request({
        url: "/t/school/sign-in?upn=mario.rossi%40school.it",
      });
      assert.match(filled.body, /value="mario.rossi@school.it"/);
      assert.match(filled.body, /<input type="hidden" name="tenant" value="school">/);
      assert.equal((await browser.request({ url: "/t/nowhere/sign-in" })).statusCode, 404);
      assert.equal((await browser.request({ url: "/t/nowhere/sign-in/tap" })).statusCode, 404);
      // A wrong password on the named form stays on the named form.
      const wrong = await post(browser, "/sign-in", {
        _csrf: csrfOf(page.body),
        tenant: "school",
        upn: mario.upn,
        password: "wrong",
      });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /<input type="hidden" name="tenant" value="school">/);
    });

    test("the locked and expired pages lead back to the tenant's sign-in page", async () => {
      await updateTenantPolicy(
        t.ctx.store.db,
        school.id,
        JSON.stringify({ ...school.policy, lockoutThreshold: 3 }),
      );
      const browser = browserLike(server, html);
      const token = csrfOf((await browser.request({ url: "/t/school/sign-in" })).body);
      const start = await post(browser, "/sign-in", {
        _csrf: token,
        tenant: "school",
        upn: mario.upn,
        password: testPassword,
      });
      assert.equal(start.headers.location, "/sign-in/verify");
      let answer = start;
      for (let i = 0; i < 3; i++) {
        answer = await post(browser, "/sign-in/verify", { _csrf: token, code: "000000" });
      }
      assert.equal(answer.statusCode, 423);
      assert.match(answer.body, /<a href="\/t\/school\/sign-in">Back to the sign-in page<\/a>/);

      // The sign-in is over: a code sent now meets an expired sign-in, on the school's form.
      const expired = await post(browser, "/sign-in/verify", { _csrf: token, code: "000000" });
      assert.equal(expired.statusCode, 401);
      assert.match(expired.body, /<input type="hidden" name="tenant" value="school">/);
      await updateTenantPolicy(t.ctx.store.db, school.id, JSON.stringify(school.policy));
    });
  });
}
