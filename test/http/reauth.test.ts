import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import type { TenantPolicy } from "../../src/policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listMethods } from "../../src/store/queries/methods.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const html = { accept: "text/html" };
const formHeaders = { ...html, "content-type": "application/x-www-form-urlencoded" };
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";

// Changing how one signs in needs a second factor proven recently, not only a session.
describe("changing methods needs a recent second factor; a session that skipped MFA proves one first", () => {
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
  const setPolicy = async (changes: Partial<TenantPolicy>) =>
    changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), changes);

  /** A browser signed in with the password alone (MFA not asked of anyone here). */
  const signedInWithPassword = async (upn: string) => {
    const browser = browserLike(server, html);
    const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
    const post = (url: string, fields: Record<string, string> = {}) =>
      browser.request({
        method: "POST",
        url,
        headers: formHeaders,
        // The token changes at sign-in: the one in the CSRF cookie now.
        payload: new URLSearchParams({
          _csrf: browser.jar.get("varco_csrf") ?? token,
          ...fields,
        }).toString(),
      });
    const first = await post("/sign-in", { upn, password: testPassword });
    assert.equal(first.headers.location, "/security-info");
    return { post, get: (url: string) => browser.request({ url }) };
  };

  test("a password-only session cannot add an authenticator or remove one until a code is proven", async () => {
    await setPolicy({
      mfaRequiredFor: "none",
      lockoutThreshold: 3,
      recentAuthenticationMinutes: 10,
    });
    try {
      const u = await createSignInUser(t, "skipped@example.it");
      const browser = await signedInWithPassword(u.upn);

      const add = await browser.get("/security-info/methods/new");
      assert.deepEqual(
        [add.statusCode, add.headers.location],
        [303, "/reauth?returnTo=%2Fsecurity-info%2Fmethods%2Fnew"],
      );
      const enrol = await browser.post("/security-info/methods/new", { label: "attacker" });
      assert.equal(enrol.statusCode, 303);
      assert.match(enrol.headers.location as string, /^\/reauth/);
      const remove = await browser.post(`/security-info/methods/${u.methodId}/remove`);
      assert.deepEqual(
        [remove.statusCode, remove.headers.location],
        [303, "/reauth?returnTo=%2Fsecurity-info"],
      );
      assert.equal((await listMethods(t.ctx.store.db, u.user.id)).length, 1, "nothing changed");

      const page = await browser.get("/reauth?returnTo=%2Fsecurity-info%2Fmethods%2Fnew");
      assert.match(page.body, /name="code"/);
      assert.doesNotMatch(page.body, /name="password"/, "the password is not asked: a code is");
      const byPassword = await browser.post("/reauth", {
        returnTo: "/security-info/methods/new",
        password: testPassword,
      });
      assert.equal(byPassword.statusCode, 400);

      // Wrong codes count towards the user's lockout, as at sign-in.
      for (let i = 0; i < 3; i++) {
        const wrong = await browser.post("/reauth", { returnTo: "/security-info", code: "000000" });
        assert.equal(wrong.statusCode, i < 2 ? 401 : 423, `attempt ${i + 1}`);
      }
      t.clock.advance(16 * 60_000);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const proven = await browser.post("/reauth", {
        returnTo: "/security-info/methods/new",
        methodId: u.methodId,
        code,
      });
      assert.deepEqual(
        [proven.statusCode, proven.headers.location],
        [303, "/security-info/methods/new"],
      );
      const replayed = await browser.post("/reauth", { returnTo: "/security-info", code });
      assert.equal(replayed.statusCode, 401, "a code is accepted once");
      const [lastEntry] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.deepEqual(
        [lastEntry?.first_factor, lastEntry?.reason],
        ["session", "code_reused"],
        "the sign-in log tells a proof in a session from a sign-in",
      );
      assert.equal((await browser.get("/security-info/methods/new")).statusCode, 200);
      const removed = await browser.post(`/security-info/methods/${u.methodId}/remove`);
      assert.deepEqual(
        [removed.statusCode, removed.headers.location],
        [303, "/security-info?notice=method_removed"],
      );

      // A backup code proves it too, once the tenant's ten minutes are over.
      t.clock.advance(11 * 60_000);
      assert.equal((await browser.post("/security-info/backup-codes")).statusCode, 303);
      const byBackupCode = await browser.post("/reauth", {
        returnTo: "/security-info",
        backupCode: u.backupCodes[0] as string,
      });
      assert.deepEqual(
        [byBackupCode.statusCode, byBackupCode.headers.location],
        [303, "/security-info"],
      );
      assert.equal((await browser.post("/security-info/backup-codes")).statusCode, 200);
    } finally {
      await setPolicy({
        mfaRequiredFor: "all",
        lockoutThreshold: 10,
        recentAuthenticationMinutes: 60,
      });
    }
  });

  test("a user with no method adds the first with a recent password; an old sign-in types it again, throttled", async () => {
    await setPolicy({ mfaRequiredFor: "none", recentAuthenticationMinutes: 10 });
    try {
      await createUser(t.ctx, testActor, t.tenant, {
        upn: "first@example.it",
        password: testPassword,
      });
      const browser = await signedInWithPassword("first@example.it");
      assert.equal((await browser.get("/security-info/methods/new")).statusCode, 200);

      t.clock.advance(11 * 60_000);
      const asked = await browser.get("/security-info/methods/new");
      assert.equal(asked.headers.location, "/reauth?returnTo=%2Fsecurity-info%2Fmethods%2Fnew");
      const page = await browser.get(asked.headers.location as string);
      assert.match(page.body, /name="password"/);
      for (let i = 0; i < 10; i++) {
        const wrong = await browser.post("/reauth", {
          password: "not it",
          returnTo: "/security-info",
        });
        assert.equal(wrong.statusCode, 401);
      }
      const throttled = await browser.post("/reauth", {
        password: testPassword,
        returnTo: "/security-info",
      });
      assert.equal(throttled.statusCode, 429, "even the right password waits once throttled");
      t.clock.advance(16 * 60_000);
      const confirmed = await browser.post("/reauth", {
        password: testPassword,
        returnTo: "//evil.example/x",
      });
      assert.deepEqual(
        [confirmed.statusCode, confirmed.headers.location],
        [303, "/security-info"],
        "only local paths",
      );
      assert.equal((await browser.get("/security-info/methods/new")).statusCode, 200);
    } finally {
      await setPolicy({ mfaRequiredFor: "all", recentAuthenticationMinutes: 60 });
    }
  });
});
