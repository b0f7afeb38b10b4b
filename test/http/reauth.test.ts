import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listMethods } from "../../src/store/queries/methods.ts";
import { browserLike } from "../support/http-client.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const html = { accept: "text/html" };
const formHeaders = { ...html, "content-type": "application/x-www-form-urlencoded" };
const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? "";

describe("removing a method asks for the password again once the sign-in is old", () => {
  let t: TestApp;
  let server: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildTestServer(t.ctx);
    // The password alone signs in here, so the story is about re-authentication only.
    await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), { mfaRequiredFor: "none" });
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  test("recent: removed at once; old: password first, wrong ones throttled", async () => {
    const u = await createSignInUser(t, "reauth@example.it");
    const browser = browserLike(server, html);
    const token = csrfOf((await browser.request({ url: "/sign-in" })).body);
    const post = (url: string, fields: Record<string, string> = {}) =>
      browser.request({
        method: "POST",
        url,
        headers: formHeaders,
        payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
      });
    await post("/sign-in", { upn: u.upn, password: testPassword });

    t.clock.advance(11 * 60_000);
    const asked = await post(`/security-info/methods/${u.methodId}/remove`);
    assert.deepEqual(
      [asked.statusCode, asked.headers.location],
      [303, "/reauth?returnTo=%2Fsecurity-info"],
    );
    assert.equal((await listMethods(t.ctx.store.db, u.user.id)).length, 1, "nothing removed yet");

    for (let i = 0; i < 10; i++) {
      assert.equal(
        (await post("/reauth", { password: "not it", returnTo: "/security-info" })).statusCode,
        401,
      );
    }
    const throttled = await post("/reauth", { password: testPassword, returnTo: "/security-info" });
    assert.equal(throttled.statusCode, 429, "even the right password waits once throttled");

    t.clock.advance(16 * 60_000);
    const confirmed = await post("/reauth", {
      password: testPassword,
      returnTo: "//evil.example/x",
    });
    assert.deepEqual(
      [confirmed.statusCode, confirmed.headers.location],
      [303, "/security-info"],
      "only local paths",
    );
    const removed = await post(`/security-info/methods/${u.methodId}/remove`);
    assert.deepEqual(
      [removed.statusCode, removed.headers.location],
      [303, "/security-info?notice=method_removed"],
    );
    assert.equal((await listMethods(t.ctx.store.db, u.user.id)).length, 0);
  });
});
