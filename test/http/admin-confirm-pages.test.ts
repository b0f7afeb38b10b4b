import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listMethods } from "../../src/store/queries/methods.ts";
import { listLiveSessions } from "../../src/store/queries/sessions.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Deleting a method and signing a user out everywhere ask first, on a page of their own: the
// user's page links to it, and only its form (with the CSRF token) does the deed.

for (const kind of databaseKinds) {
  describe(`destructive admin actions ask on a page of their own on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
    });
    after(async () => {
      await server.close();
      await t.close();
    });
    const admin = async (upn: string, role: Role) => {
      const u = await createSignInUser(t, upn);
      await assignRole(t.ctx, testActor, u.user, role);
      return signInToPages(t, server, u);
    };

    test("delete a method: the link asks, the confirming form deletes", async () => {
      const helpdesk = await admin("confirm.helpdesk@example.it", "authenticationAdministrator");
      const target = await createSignInUser(t, "confirm.target@example.it");
      const userPath = `/admin/users/${target.user.id}`;
      const confirmPath = `${userPath}/methods/${target.methodId}/remove`;

      const page = await helpdesk.get(userPath);
      assert.match(page.body, new RegExp(`<a [^>]*href="${confirmPath}"`));
      assert.doesNotMatch(page.body, new RegExp(`<form[^>]*action="${confirmPath}"`));

      const ask = await helpdesk.get(`${confirmPath}?lang=it`);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /<h1>Eliminare il metodo phone\?<\/h1>/);
      assert.match(ask.body, new RegExp(`<form method="post" action="${confirmPath}"`));
      assert.match(ask.body, /name="_csrf" value="[^"]+"/);
      assert.match(ask.body, new RegExp(`href="${userPath}">Annulla<`));
      assert.equal(
        (await listMethods(t.ctx.store.db, target.user.id)).length,
        1,
        "asking deletes nothing",
      );

      // Without the token the post is refused and the method stays.
      const forged = await helpdesk.browser.request({
        method: "POST",
        url: confirmPath,
        headers: formHeaders,
        payload: "",
      });
      assert.equal(forged.statusCode, 403);
      assert.equal((await listMethods(t.ctx.store.db, target.user.id)).length, 1);

      const done = await helpdesk.post(confirmPath);
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, `${userPath}?notice=method_removed`);
      assert.equal((await listMethods(t.ctx.store.db, target.user.id)).length, 0);
      // A method that is gone has no question to ask.
      assert.equal((await helpdesk.get(confirmPath)).statusCode, 404);
    });

    test("sign out everywhere: the link asks, the confirming form ends every session", async () => {
      const helpdesk = await admin("confirm.helpdesk2@example.it", "helpdeskAdministrator");
      const target = await createSignInUser(t, "confirm.sessions@example.it");
      await signInToPages(t, server, target);
      assert.equal(
        (await listLiveSessions(t.ctx.store.db, target.user.id, t.clock.now())).length,
        1,
      );
      const userPath = `/admin/users/${target.user.id}`;
      const confirmPath = `${userPath}/revoke-sessions`;
      assert.match((await helpdesk.get(userPath)).body, new RegExp(`href="${confirmPath}"`));

      const ask = await helpdesk.get(`${confirmPath}?lang=en`);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /<h1>Sign confirm\.sessions@example\.it out everywhere\?<\/h1>/);
      assert.match(ask.body, new RegExp(`<form method="post" action="${confirmPath}"`));
      assert.equal(
        (await listLiveSessions(t.ctx.store.db, target.user.id, t.clock.now())).length,
        1,
      );

      const done = await helpdesk.post(confirmPath);
      assert.equal(done.headers.location, `${userPath}?notice=sessions_revoked`);
      assert.equal(
        (await listLiveSessions(t.ctx.store.db, target.user.id, t.clock.now())).length,
        0,
      );
    });

    test("a role that may not do the action is not asked: 403, no form", async () => {
      const reader = await admin("confirm.reader@example.it", "securityReader");
      const target = await createSignInUser(t, "confirm.untouched@example.it");
      const userPath = `/admin/users/${target.user.id}`;
      for (const path of [
        `${userPath}/methods/${target.methodId}/remove`,
        `${userPath}/revoke-sessions`,
      ]) {
        const page = await reader.get(path);
        assert.equal(page.statusCode, 403, path);
        assert.doesNotMatch(page.body, /<form method="post" action="\/admin\/users/, path);
      }
      assert.equal((await listMethods(t.ctx.store.db, target.user.id)).length, 1);
    });
  });
}
