import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { listLiveSessions } from "../../src/store/queries/sessions.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { findTemporaryAccessPass } from "../../src/store/queries/temporary-access-passes.ts";
import { browserLike } from "../support/http-client.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const html = { accept: "text/html" };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { ...html, "content-type": "application/x-www-form-urlencoded" };

function csrfOf(body: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";
}

describe("pages refuse cross-site requests and carry secure headers", () => {
  let t: TestApp;
  let server: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildTestServer(t.ctx);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  test("a sign-in form without the right CSRF token is refused and nothing is checked or logged", async () => {
    const u = await createSignInUser(t, "csrf@example.it");
    const browser = browserLike(server, html);
    const page = await browser.request({ url: "/sign-in" });
    const token = csrfOf(page.body);
    assert.ok(token);
    const before = (await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length;
    const oneCharOff = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const bad of ["", "x".repeat(43), oneCharOff]) {
      const response = await browser.request({
        method: "POST",
        url: "/sign-in",
        headers: formHeaders,
        payload: form({ _csrf: bad, upn: u.upn, password: testPassword }),
      });
      assert.equal(response.statusCode, 403);
    }
    // A forged form from another site has no CSRF cookie at all.
    const forged = await server.inject({
      method: "POST",
      url: "/sign-in",
      headers: formHeaders,
      payload: form({ _csrf: token, upn: u.upn, password: testPassword }),
    });
    assert.equal(forged.statusCode, 403);
    assert.equal((await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length, before);

    const ok = await browser.request({
      method: "POST",
      url: "/sign-in",
      headers: formHeaders,
      payload: form({ _csrf: token, upn: u.upn, password: testPassword }),
    });
    assert.deepEqual([ok.statusCode, ok.headers.location], [303, "/sign-in/verify"]);
  });

  test("the Temporary Access Pass form without the right CSRF token is refused; the pass stays unspent", async () => {
    const u = await createSignInUser(t, "csrf-tap@example.it");
    const { pass } = await issueTemporaryAccessPass(t.ctx, testActor, t.tenant, u.user, {
      usableOnce: true,
    });
    const browser = browserLike(server, html);
    const token = csrfOf((await browser.request({ url: "/sign-in/tap" })).body);
    assert.ok(token);
    const forged = await server.inject({
      method: "POST",
      url: "/sign-in/tap",
      headers: formHeaders,
      payload: form({ _csrf: token, upn: u.upn, pass }),
    });
    assert.equal(forged.statusCode, 403);
    assert.equal((await findTemporaryAccessPass(t.ctx.store.db, u.user.id))?.usedAt, null);
    const ok = await browser.request({
      method: "POST",
      url: "/sign-in/tap",
      headers: formHeaders,
      payload: form({ _csrf: token, upn: u.upn, pass }),
    });
    assert.deepEqual([ok.statusCode, ok.headers.location], [303, "/security-info"]);
  });

  test("signed-in forms need the token too: a forged sign-out everywhere changes nothing", async () => {
    const u = await createSignInUser(t, "forged@example.it");
    const { changeTenantPolicy } = await import("../../src/policy/update-tenant-policy.ts");
    const { findTenant } = await import("../../src/directory/find-tenant.ts");
    const { testActor } = await import("../support/test-app.ts");
    await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), { mfaRequiredFor: "none" });
    try {
      const browser = browserLike(server, html);
      const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
      await browser.request({
        method: "POST",
        url: "/sign-in",
        headers: formHeaders,
        payload: form({ _csrf: token, upn: u.upn, password: testPassword }),
      });
      assert.equal((await browser.request({ url: "/security-info" })).statusCode, 200);
      const forged = await browser.request({
        method: "POST",
        url: "/sign-out-everywhere",
        headers: formHeaders,
        payload: form({}),
      });
      assert.equal(forged.statusCode, 403);
      assert.equal((await listLiveSessions(t.ctx.store.db, u.user.id, t.clock.now())).length, 1);
    } finally {
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        mfaRequiredFor: "all",
      });
    }
  });

  test("pages send a CSP without unsafe-inline, no-store, and HttpOnly SameSite cookies", async () => {
    const response = await server.inject({ url: "/sign-in", headers: html });
    const csp = String(response.headers["content-security-policy"]);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(response.headers["x-frame-options"], "DENY");
    assert.match(String(response.headers["cache-control"]), /no-store/);
    const csrfCookie = (
      response.cookies as {
        name: string;
        httpOnly?: boolean;
        sameSite?: string;
        secure?: boolean;
      }[]
    ).find((c) => c.name === "varco_csrf");
    assert.deepEqual([csrfCookie?.httpOnly, csrfCookie?.sameSite], [true, "Strict"]);
  });

  test("behind https the cookies are Secure and __Host- named", async () => {
    const secure = await buildTestServer(t.ctx, {
      publicUrl: "https://mfa.example.it",
    });
    try {
      const response = await secure.inject({ url: "/sign-in", headers: html });
      const cookie = (response.cookies as { name: string; secure?: boolean; path?: string }[])[0];
      assert.deepEqual(
        [cookie?.name, cookie?.secure, cookie?.path],
        ["__Host-varco_csrf", true, "/"],
      );
    } finally {
      await secure.close();
    }
  });

  test("the CSRF token is new once signed in: one from before sign-in no longer works", async () => {
    const u = await createSignInUser(t, "rotate@example.it");
    const { changeTenantPolicy } = await import("../../src/policy/update-tenant-policy.ts");
    const { findTenant } = await import("../../src/directory/find-tenant.ts");
    await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), { mfaRequiredFor: "none" });
    try {
      const browser = browserLike(server, html);
      const before = csrfOf((await browser.request({ url: "/sign-in" })).body);
      const signedIn = await browser.request({
        method: "POST",
        url: "/sign-in",
        headers: formHeaders,
        payload: form({ _csrf: before, upn: u.upn, password: testPassword }),
      });
      assert.equal(signedIn.statusCode, 303);
      const after = csrfOf((await browser.request({ url: "/security-info" })).body);
      assert.ok(after && after !== before, "a new token once the session starts");
      const stale = await browser.request({
        method: "POST",
        url: "/sign-out-everywhere",
        headers: formHeaders,
        payload: form({ _csrf: before }),
      });
      assert.equal(stale.statusCode, 403);
      assert.equal((await listLiveSessions(t.ctx.store.db, u.user.id, t.clock.now())).length, 1);
      const fresh = await browser.request({
        method: "POST",
        url: "/sign-out-everywhere",
        headers: formHeaders,
        payload: form({ _csrf: after }),
      });
      assert.equal(fresh.statusCode, 303);
      assert.equal((await listLiveSessions(t.ctx.store.db, u.user.id, t.clock.now())).length, 0);
    } finally {
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        mfaRequiredFor: "all",
      });
    }
  });

  test("behind https every answer carries HSTS; over plain HTTP none does", async () => {
    const secure = await buildTestServer(t.ctx, { publicUrl: "https://mfa.example.it" });
    try {
      for (const url of ["/sign-in", "/healthz", "/api/v1/openapi.json", "/no-such-page"]) {
        const response = await secure.inject({ url, headers: html });
        assert.equal(
          response.headers["strict-transport-security"],
          "max-age=31536000; includeSubDomains",
          url,
        );
        const plain = await server.inject({ url, headers: html });
        assert.equal(plain.headers["strict-transport-security"], undefined, url);
      }
    } finally {
      await secure.close();
    }
  });

  test("a form sent from another origin is refused even with the right token", async () => {
    const u = await createSignInUser(t, "origin@example.it");
    const secure = await buildTestServer(t.ctx, { publicUrl: "https://mfa.example.it" });
    try {
      const browser = browserLike(secure, html);
      const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
      const before = (await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length;
      const send = (headers: Record<string, string>) =>
        browser.request({
          method: "POST",
          url: "/sign-in",
          headers: { ...formHeaders, ...headers },
          payload: form({ _csrf: token, upn: u.upn, password: testPassword }),
        });
      const foreign: Record<string, string>[] = [
        { origin: "https://evil.example" },
        { origin: "null" },
        { origin: "http://mfa.example.it" },
        { origin: "https://mfa.example.it.evil.example" },
        { origin: "https://localhost" },
        { referer: "https://evil.example/page" },
        { referer: "not a url" },
        { origin: "https://evil.example", referer: "https://mfa.example.it/sign-in" },
      ];
      for (const headers of foreign) {
        const refused = await send(headers);
        assert.equal(refused.statusCode, 403, JSON.stringify(headers));
        assert.match(refused.body, /sent from another site/, JSON.stringify(headers));
      }
      assert.equal((await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length, before);
      // Varco's own origin, a Referer from it, or neither header (a script with the token) pass.
      const own: Record<string, string>[] = [
        { origin: "https://mfa.example.it" },
        { origin: "https://MFA.example.it:443" },
        { referer: "https://mfa.example.it/sign-in?lang=it" },
        {},
      ];
      for (const headers of own) {
        const passed = await send(headers);
        assert.equal(passed.statusCode, 303, JSON.stringify(headers));
      }
    } finally {
      await secure.close();
    }
  });

  test("over plain HTTP the address the form was sent to is its own origin too", async () => {
    const u = await createSignInUser(t, "origin-http@example.it");
    const plain = await buildTestServer(t.ctx, { publicUrl: "http://127.0.0.1:8080" });
    try {
      const browser = browserLike(plain, html);
      const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
      const send = (headers: Record<string, string>) =>
        browser.request({
          method: "POST",
          url: "/sign-in",
          headers: { ...formHeaders, ...headers },
          payload: form({ _csrf: token, upn: u.upn, password: testPassword }),
        });
      const own = { host: "localhost:8080", origin: "http://localhost:8080" };
      for (const headers of [{ origin: "http://127.0.0.1:8080" }, own]) {
        assert.equal((await send(headers)).statusCode, 303, JSON.stringify(headers));
      }
      for (const headers of [
        { host: "localhost:8080", origin: "http://evil.example:8080" },
        { host: "localhost:8080", origin: "https://localhost:8080" },
      ]) {
        assert.equal((await send(headers)).statusCode, 403, JSON.stringify(headers));
      }
    } finally {
      await plain.close();
    }
  });

  test("unknown user and wrong password: the same page", async () => {
    await createSignInUser(t, "same-page@example.it");
    const pages = new Set<string>();
    const cases: [string, string][] = [
      ["nobody@example.it", testPassword],
      ["same-page@example.it", "wrong wrong"],
    ];
    for (const [upn, password] of cases) {
      const browser = browserLike(server, html);
      const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
      const response = await browser.request({
        method: "POST",
        url: "/sign-in",
        headers: formHeaders,
        payload: form({ _csrf: token, upn, password }),
      });
      // The typed UPN is echoed into the form again, and each browser has its own CSRF token.
      const page = response.body.replaceAll(upn, "UPN").replace(/name="_csrf" value="[^"]+"/g, "");
      pages.add(`${response.statusCode} ${page}`);
    }
    assert.equal(pages.size, 1);
    assert.match([...pages][0] as string, /^401 /);
  });
});
