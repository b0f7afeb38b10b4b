import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { listMethods } from "../../src/store/queries/methods.ts";
import { listLiveSessions } from "../../src/store/queries/sessions.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp } from "../support/test-app.ts";

// On the security info page, deleting a method and signing out everywhere ask first, on a page
// of their own; only the confirming form, with its CSRF token, does it.

describe("the security info page asks before it deletes or signs out everywhere", () => {
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

  test("delete a method: a link, a question, then the form deletes it", async () => {
    const u = await createSignInUser(t, "chiede.prima@example.it");
    const me = await signInToPages(t, server, u);
    const path = `/security-info/methods/${u.methodId}/remove`;
    assert.match((await me.get("/security-info")).body, new RegExp(`<a [^>]*href="${path}"`));
    const ask = await me.get(`${path}?lang=it`);
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /<h1>Eliminare phone\?<\/h1>/);
    assert.match(ask.body, new RegExp(`<form method="post" action="${path}"`));
    assert.equal(
      (await listMethods(t.ctx.store.db, u.user.id)).length,
      1,
      "asking deletes nothing",
    );
    const forged = await me.browser.request({
      method: "POST",
      url: path,
      headers: formHeaders,
      payload: "",
    });
    assert.equal(forged.statusCode, 403);
    assert.equal((await listMethods(t.ctx.store.db, u.user.id)).length, 1);
    const done = await me.post(path);
    assert.equal(done.headers.location, "/security-info?notice=method_removed");
    assert.equal((await listMethods(t.ctx.store.db, u.user.id)).length, 0);
    assert.equal((await me.get(path)).statusCode, 404, "nothing left to ask about");
  });

  test("another user's method is not found; without a session, the sign-in page", async () => {
    const owner = await createSignInUser(t, "proprietaria@example.it");
    const other = await signInToPages(t, server, await createSignInUser(t, "altro@example.it"));
    const path = `/security-info/methods/${owner.methodId}/remove`;
    assert.equal((await other.get(path)).statusCode, 404);
    const anonymous = await server.inject({ url: path, headers: { accept: "text/html" } });
    assert.equal(anonymous.statusCode, 303);
    assert.match(anonymous.headers.location ?? "", /sign-in/);
  });

  test("sign out everywhere: a question, then the form ends every session", async () => {
    const u = await createSignInUser(t, "esce.ovunque@example.it");
    const me = await signInToPages(t, server, u);
    await signInToPages(t, server, u);
    const live = () => listLiveSessions(t.ctx.store.db, u.user.id, t.clock.now());
    assert.equal((await live()).length, 2);
    const ask = await me.get("/sign-out-everywhere?lang=en");
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /<h1>Sign out everywhere\?<\/h1>/);
    assert.match(ask.body, /<form method="post" action="\/sign-out-everywhere"/);
    assert.equal((await live()).length, 2, "asking ends nothing");
    const done = await me.post("/sign-out-everywhere");
    assert.equal(done.statusCode, 303);
    assert.equal((await live()).length, 0);
  });
});
