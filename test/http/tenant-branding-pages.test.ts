import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { setTenantBranding } from "../../src/branding/set-tenant-branding.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { securityHeaders } from "../../src/web/security-headers.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { jpegLogo, pngImage } from "../support/images.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { csrfOf, formHeaders, html, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A tenant's branding on its pages: the logo beside its name, the accent colour from a
// stylesheet of its own (no inline style: the Content-Security-Policy stays as it is), both
// served by Varco with their exact type, `nosniff`, and a version in the URL.
const stylesheetOf = (body: string) =>
  /<link rel="stylesheet" href="(\/branding\/[^"]+\.css\?v=[^"]+)">/.exec(body)?.[1];
const logoOf = (body: string) =>
  /<p class="brand"><img class="brand-logo" src="([^"]+)" alt="">/.exec(body)?.[1];
const png = pngImage(96, 32, [11, 79, 138]);

for (const kind of databaseKinds) {
  describe(`tenant branding on the pages, on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let school: Tenant;
    let mario: SignInUser;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      school = await createTenant(t.ctx, testActor, { name: "school", displayName: "Scuola" });
      await addTenantDomain(t.ctx, testActor, school, "school.it");
      mario = await createSignInUser({ ...t, tenant: school }, "mario.rossi@school.it");
      await setTenantBranding(t.ctx, testActor, school, { accentColour: "#7a1f5c", logo: png });
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("the tenant's sign-in page links its stylesheet and shows its logo, under the same CSP", async () => {
      const page = await browserLike(server, html).request({ url: "/t/school/sign-in" });
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /<p class="brand"><img class="brand-logo" src="[^"]+" alt="">Scuola<\/p>/,
      );
      const stylesheet = stylesheetOf(page.body);
      assert.ok(stylesheet, "the tenant's stylesheet is linked");
      assert.equal(
        page.headers["content-security-policy"],
        securityHeaders()["content-security-policy"],
      );
      assert.doesNotMatch(page.body, /style=|<style/, "no inline style");

      const css = await server.inject({ url: stylesheet });
      assert.equal(css.statusCode, 200);
      assert.equal(css.headers["content-type"], "text/css; charset=utf-8");
      assert.equal(css.headers["x-content-type-options"], "nosniff");
      assert.equal(css.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.match(css.body, /--primary: #7a1f5c;/);
      assert.match(css.body, /--link: #7a1f5c;/);

      const logo = await server.inject({ url: logoOf(page.body) as string });
      assert.equal(logo.statusCode, 200);
      assert.equal(logo.headers["content-type"], "image/png");
      assert.equal(logo.headers["x-content-type-options"], "nosniff");
      assert.equal(logo.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.deepEqual(logo.rawPayload, png);
    });

    test("a new logo or colour gets a new URL; an old URL is answered but not kept", async () => {
      const before = await browserLike(server, html).request({ url: "/t/school/sign-in" });
      await setTenantBranding(t.ctx, testActor, school, {
        accentColour: "#1a5e31",
        logo: jpegLogo,
      });
      const afterChange = await browserLike(server, html).request({ url: "/t/school/sign-in" });
      assert.notEqual(stylesheetOf(afterChange.body), stylesheetOf(before.body));
      assert.notEqual(logoOf(afterChange.body), logoOf(before.body));
      const stale = await server.inject({ url: logoOf(before.body) as string });
      assert.equal(stale.headers["content-type"], "image/jpeg");
      assert.equal(stale.headers["cache-control"], "no-cache");
      const css = await server.inject({ url: stylesheetOf(before.body) as string });
      assert.match(css.body, /--primary: #1a5e31;/);
      assert.equal(css.headers["cache-control"], "no-cache");
      await setTenantBranding(t.ctx, testActor, school, { accentColour: "#7a1f5c", logo: png });
    });

    test("a tenant without branding, or none at all, has neither link and answers 404 for them", async () => {
      const page = await browserLike(server, html).request({ url: "/sign-in" });
      assert.doesNotMatch(page.body, /\/branding\//);
      assert.match(page.body, /<p class="brand">Varco<\/p>/);
      for (const url of [
        "/branding/default.css",
        "/branding/default/logo",
        "/branding/nobody.css",
        "/branding/nobody/logo",
        "/branding/school.txt",
        "/branding/SCHOOL.css",
      ]) {
        const answer = await server.inject({ url });
        assert.equal(answer.statusCode, 404, url);
        assert.equal(answer.headers["x-content-type-options"], "nosniff", url);
      }
    });

    test("the password page after discovery by domain shows no branding; the steps after it do", async () => {
      const browser = browserLike(server, html);
      const passwordPage = await browser.request({ url: "/sign-in?upn=mario.rossi%40school.it" });
      assert.equal(passwordPage.statusCode, 200);
      assert.doesNotMatch(passwordPage.body, /\/branding\//, "nothing a domain nobody has lacks");
      const token = csrfOf(passwordPage.body);
      const post = (url: string, fields: Record<string, string>) =>
        browser.request({
          method: "POST",
          url,
          headers: formHeaders,
          payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
        });
      const wrong = await post("/sign-in", { upn: mario.upn, password: "not the password" });
      assert.equal(wrong.statusCode, 401);
      assert.doesNotMatch(wrong.body, /\/branding\//);
      const right = await post("/sign-in", { upn: mario.upn, password: testPassword });
      assert.equal(right.headers.location, "/sign-in/verify");
      const verify = await browser.request({ url: "/sign-in/verify" });
      assert.ok(stylesheetOf(verify.body) && logoOf(verify.body), "the verify page is branded");
      const code = await oathtoolTotp(mario.secret, { timeMs: t.clock.now() });
      await post("/sign-in/verify", { code });
      t.clock.advance(30_000);
      const info = await browser.request({ url: "/security-info" });
      assert.equal(info.statusCode, 200);
      assert.ok(stylesheetOf(info.body) && logoOf(info.body), "the signed-in pages are branded");
    });

    test("another tenant's pages never carry this tenant's branding", async () => {
      const other = await createSignInUser(t, "anna.verdi@example.org");
      const { get } = await signInToPages(t, server, other);
      const info = await get("/security-info");
      assert.equal(info.statusCode, 200);
      assert.doesNotMatch(info.body, /\/branding\//);
    });
  });
}
