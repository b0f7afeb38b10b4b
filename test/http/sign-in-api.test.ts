import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import type { TenantPolicy } from "../../src/policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { setPasswordChangeRequired } from "../../src/store/queries/risk.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

describe("sign-in JSON API", () => {
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

  test("register, then sign in with a code; tokens only in HttpOnly cookies", async () => {
    await createUser(t.ctx, testActor, t.tenant, { upn: "spa@example.it", password: testPassword });
    const browser = browserLike(server);
    const start = await browser.json("POST", "/api/v1/sign-in", {
      upn: "spa@example.it",
      password: testPassword,
    });
    assert.deepEqual(
      [start.statusCode, start.json()],
      [200, { state: "register", required: 1, registered: 0 }],
    );
    const pendingCookie = (
      start.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]
    ).find((c) => c.name === "varco_pending");
    assert.equal(pendingCookie?.httpOnly, true);
    assert.equal(pendingCookie?.sameSite, "Lax");
    const app = (
      await browser.json("POST", "/api/v1/sign-in/register/app", { label: "spa-phone" })
    ).json();
    assert.match(app.otpauthUri, /^otpauth:\/\/totp\//);
    const code = await oathtoolTotp(app.secret, { timeMs: t.clock.now() });
    const done = await browser.json("POST", "/api/v1/sign-in/register/activate", {
      methodId: app.methodId,
      code,
    });
    assert.equal(done.statusCode, 200);
    assert.equal(done.json().state, "signed_in");
    assert.equal(done.json().backupCodes.length, 12);
    assert.ok(
      !done.body.includes(browser.jar.get("varco_session") as string),
      "the session token is not in the body",
    );
    const me = await browser.json("GET", "/api/v1/me");
    assert.deepEqual([me.json().upn, me.json().mfa], ["spa@example.it", "registration"]);

    assert.equal((await browser.json("POST", "/api/v1/sign-out", {})).statusCode, 204);
    assert.equal((await browser.json("GET", "/api/v1/me")).statusCode, 401);

    t.clock.advance(30_000);
    const again = await browser.json("POST", "/api/v1/sign-in", {
      upn: "spa@example.it",
      password: testPassword,
    });
    assert.equal(again.json().state, "second_factor");
    assert.deepEqual(
      again.json().methods.map((m: { label: string }) => m.label),
      ["spa-phone"],
    );
    const next = await oathtoolTotp(app.secret, { timeMs: t.clock.now() });
    const wrong = await browser.json("POST", "/api/v1/sign-in/second-factor", { code: "000000" });
    assert.deepEqual([wrong.json().state, wrong.json().error], ["second_factor", "invalid_code"]);
    const ok = await browser.json("POST", "/api/v1/sign-in/second-factor", {
      code: next,
      methodId: app.methodId,
    });
    assert.deepEqual(ok.json(), { state: "signed_in", mfa: "code" });
  });

  test("a Temporary Access Pass signs in and satisfies MFA; a wrong one is a plain failure", async () => {
    const u = await createSignInUser(t, "tap-api@example.it");
    const { pass } = await issueTemporaryAccessPass(t.ctx, testActor, t.tenant, u.user, {
      startAt: t.clock.now() + 60_000,
    });
    const browser = browserLike(server);
    const send = (temporaryAccessPass: string) =>
      browser.json("POST", "/api/v1/sign-in/temporary-access-pass", {
        upn: u.upn,
        temporaryAccessPass,
      });
    const early = await send(pass);
    assert.deepEqual(
      [early.statusCode, early.json()],
      [
        401,
        { state: "pass_not_yet_valid", startAt: new Date(t.clock.now() + 60_000).toISOString() },
      ],
    );
    t.clock.advance(60_000);
    const wrong = await send("abcdefgh");
    assert.deepEqual([wrong.statusCode, wrong.body], [401, '{"state":"failed"}']);
    const ok = await send(pass);
    assert.deepEqual(
      [ok.statusCode, ok.json()],
      [200, { state: "signed_in", mfa: "temporaryAccessPass" }],
    );
    const me = await browser.json("GET", "/api/v1/me");
    assert.deepEqual([me.json().upn, me.json().mfa], [u.upn, "temporaryAccessPass"]);
  });

  test("unknown user, wrong password and blocked user get the same status and body", async () => {
    await createSignInUser(t, "enum@example.it");
    const answers = new Set<string>();
    for (const [upn, password] of [
      ["nobody@example.it", testPassword],
      ["enum@example.it", "not the password"],
    ]) {
      const response = await browserLike(server).json("POST", "/api/v1/sign-in", { upn, password });
      answers.add(JSON.stringify([response.statusCode, response.body]));
    }
    assert.deepEqual([...answers], [JSON.stringify([401, '{"state":"failed"}'])]);
  });

  test("expired says why: the wrong codes used up the attempts, or the sign-in timed out", async () => {
    const u = await createSignInUser(t, "api.attempts@example.it");
    const browser = browserLike(server);
    const start = await browser.json("POST", "/api/v1/sign-in", {
      upn: u.upn,
      password: testPassword,
    });
    assert.equal(start.json().state, "second_factor");
    for (let i = 0; i < 5; i++) {
      const wrong = await browser.json("POST", "/api/v1/sign-in/second-factor", { code: "000000" });
      assert.equal(wrong.json().error, "invalid_code");
    }
    const sixth = await browser.json("POST", "/api/v1/sign-in/second-factor", { code: "000000" });
    assert.deepEqual(
      [sixth.statusCode, sixth.json()],
      [401, { state: "expired", reason: "attempts_used_up" }],
    );
    // Where it stands, asked after the fifth wrong code, says the same.
    // (Another user: ten wrong codes would lock the first one out.)
    const v = await createSignInUser(t, "api.attempts2@example.it");
    const other = browserLike(server);
    await other.json("POST", "/api/v1/sign-in", { upn: v.upn, password: testPassword });
    for (let i = 0; i < 5; i++) {
      await other.json("POST", "/api/v1/sign-in/second-factor", { code: "000000" });
    }
    const now = await other.json("GET", "/api/v1/sign-in");
    assert.deepEqual(now.json(), { state: "expired", reason: "attempts_used_up" });
    const late = browserLike(server);
    await late.json("POST", "/api/v1/sign-in", { upn: u.upn, password: testPassword });
    t.clock.advance(11 * 60_000);
    const later = await late.json("GET", "/api/v1/sign-in");
    assert.deepEqual(later.json(), { state: "expired", reason: "timed_out" });
  });

  test("CSRF: a form-encoded or text/plain post is refused and changes nothing", async () => {
    const before = (await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length;
    for (const contentType of ["application/x-www-form-urlencoded", "text/plain"]) {
      const response = await server.inject({
        method: "POST",
        url: "/api/v1/sign-in",
        headers: { "content-type": contentType },
        payload:
          contentType === "text/plain"
            ? '{"upn":"enum@example.it","password":"x"}'
            : "upn=enum%40example.it&password=x",
      });
      assert.equal(response.statusCode, 403, contentType);
      assert.equal(response.json().error.code, "csrf_failed");
    }
    assert.equal((await listSignIns(t.ctx.store.db, t.tenant.id, 1000)).length, before);
  });

  test("a backup code sent twice at once is accepted once", async () => {
    const u = await createSignInUser(t, "twice@example.it");
    const browsers = [browserLike(server), browserLike(server)];
    for (const b of browsers) {
      assert.equal(
        (await b.json("POST", "/api/v1/sign-in", { upn: u.upn, password: testPassword })).json()
          .state,
        "second_factor",
      );
    }
    const code = u.backupCodes[3] as string;
    const results = await Promise.all(
      browsers.map((b) =>
        b.json("POST", "/api/v1/sign-in/second-factor", { code, kind: "backupCode" }),
      ),
    );
    assert.deepEqual(results.map((r) => r.json().state).sort(), ["second_factor", "signed_in"]);
  });

  test("locked out: 423 with when to retry and, once the tenant has set it, whom to ask", async () => {
    const u = await createSignInUser(t, "locked.api@example.it");
    const setPolicy = async (changes: Partial<TenantPolicy>) =>
      changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), changes);
    await setPolicy({ lockoutThreshold: 3 });
    try {
      const browser = browserLike(server);
      const signIn = () =>
        browser.json("POST", "/api/v1/sign-in", { upn: u.upn, password: testPassword });
      assert.equal((await signIn()).json().state, "second_factor");
      // A code of ten minutes ago: right for the app, outside the window.
      const stale = await oathtoolTotp(u.secret, { timeMs: t.clock.now() - 600_000 });
      let last: Awaited<ReturnType<typeof signIn>> | undefined;
      for (let i = 0; i < 3; i++) {
        last = await browser.json("POST", "/api/v1/sign-in/second-factor", { code: stale });
      }
      const lockedUntil = new Date(t.clock.now() + 15 * 60_000).toISOString();
      assert.deepEqual([last?.statusCode, last?.json()], [423, { state: "locked", lockedUntil }]);
      await setPolicy({ helpdeskContact: "helpdesk@example.it" });
      const again = await signIn();
      assert.deepEqual(
        [again.statusCode, again.json()],
        [423, { state: "locked", lockedUntil, helpdeskContact: "helpdesk@example.it" }],
      );
    } finally {
      await setPolicy({ lockoutThreshold: 10, helpdeskContact: "" });
    }
  });

  test("where a sign-in stands is told as it is, canReport included", async () => {
    const u = await createSignInUser(t, "stands@example.it");
    await setPasswordChangeRequired(t.ctx.store.db, u.user.id, t.clock.now());
    const browser = browserLike(server);
    const asked = await browser.json("POST", "/api/v1/sign-in", {
      upn: u.upn,
      password: testPassword,
    });
    assert.deepEqual(
      [asked.json().state, asked.json().canReport],
      ["second_factor", true],
      "the JSON step keeps canReport",
    );
    assert.equal((await browser.json("GET", "/api/v1/sign-in")).json().canReport, true);
    const change = await browser.json("POST", "/api/v1/sign-in/second-factor", {
      code: await oathtoolTotp(u.secret, { timeMs: t.clock.now() }),
    });
    assert.deepEqual(change.json(), { state: "change_password", reason: "risk" });
    const stands = await browser.json("GET", "/api/v1/sign-in");
    assert.deepEqual(
      [stands.statusCode, stands.json()],
      [200, { state: "change_password", reason: "risk" }],
    );
    const same = await browser.json("POST", "/api/v1/sign-in/change-password", {
      newPassword: testPassword,
    });
    assert.deepEqual(same.json(), {
      state: "change_password",
      reason: "risk",
      error: "invalid_password",
    });
    const done = await browser.json("POST", "/api/v1/sign-in/change-password", {
      newPassword: "a passphrase never used",
    });
    assert.deepEqual(done.json(), { state: "signed_in", mfa: "code" });
    const me = await browser.json("GET", "/api/v1/me");
    assert.deepEqual([me.json().mfa, me.json().firstFactor], ["code", "password"]);
    const [entry] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
    assert.equal(entry?.client, "api", "the sign-in log tells the JSON API from the pages");
  });

  test("the OpenAPI document describes the sign-in API", async () => {
    const doc = (await server.inject({ url: "/api/v1/openapi.json" })).json();
    for (const path of [
      "/api/v1/sign-in",
      "/api/v1/sign-in/second-factor",
      "/api/v1/sign-in/register/app",
      "/api/v1/sign-in/register/activate",
      "/api/v1/me",
      "/api/v1/sign-out",
    ]) {
      assert.ok(doc.paths[path], path);
    }
  });
});
