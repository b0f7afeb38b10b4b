import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// The README's "Admin pages" paragraph, sentence by sentence, for its example: a Helpdesk
// Administrator (`varco role assign --upn anna.verdi@school.it --role helpdeskAdministrator`)
// finds users, reads the sign-in and audit logs, the lockouts and the tokens, and issues
// passes, requires re-registration, resets passwords and ends sessions of users who hold no
// role; the policy and risky-users pages are not in the menu, nor the token upload. Every link
// shown opens; none answers 403.

const hrefs = (body: string) =>
  new Set([...body.matchAll(/<a [^>]*href="(\/admin[^"?]*)/g)].map((m) => m[1] ?? ""));
const formActions = (body: string) =>
  new Set([...body.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1] ?? ""));

for (const kind of databaseKinds) {
  describe(`the README's Helpdesk Administrator (${kind})`, () => {
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

    test("sees the menu, the user actions and nothing more, as written", async () => {
      const anna = await createSignInUser(t, "anna.verdi@school.it");
      await assignRole(t.ctx, testActor, anna.user, "helpdeskAdministrator");
      const mario = await createSignInUser(t, "mario.rossi@school.it");
      const preside = await createSignInUser(t, "preside@school.it");
      await assignRole(t.ctx, testActor, preside.user, "authenticationAdministrator");
      const { get } = await signInToPages(t, server, anna);

      // Finds users.
      const found = await get("/admin/users?q=mario");
      assert.equal(found.statusCode, 200);
      const menu = hrefs(found.body);
      assert.ok(menu.has(`/admin/users/${mario.user.id}`), "the search finds Mario");

      // Reads the sign-in and audit logs, the lockouts and the tokens; no policy, no risky users.
      for (const page of ["/admin/sign-ins", "/admin/audit", "/admin/lockouts", "/admin/tokens"]) {
        assert.ok(menu.has(page), `the menu has ${page}`);
        assert.equal((await get(page)).statusCode, 200, page);
      }
      assert.ok(!menu.has("/admin/policy"), "no policy entry");
      assert.ok(!menu.has("/admin/risky-users"), "no risky-users entry");
      const tokens = await get("/admin/tokens");
      assert.ok(!formActions(tokens.body).has("/admin/tokens/import"), "no token upload");

      // On a user without a role: passes, re-registration, password reset, sessions.
      const user = await get(`/admin/users/${mario.user.id}`);
      assert.equal(user.statusCode, 200);
      const onMario = formActions(user.body);
      for (const action of ["tap", "reregister", "password"]) {
        assert.ok(onMario.has(`/admin/users/${mario.user.id}/${action}`), `${action} on Mario`);
      }
      // Ending every session asks first, on a page of its own whose form does it.
      const endSessions = `/admin/users/${mario.user.id}/revoke-sessions`;
      assert.ok(hrefs(user.body).has(endSessions), "a link to end Mario's sessions");
      assert.ok(formActions((await get(endSessions)).body).has(endSessions), "asked, then done");
      // Every link on the pages it opens answers, none with 403.
      for (const link of [...hrefs(user.body), ...hrefs(tokens.body)]) {
        const answer = await get(link);
        assert.ok(answer.statusCode < 400, `${link} answers ${answer.statusCode}`);
      }

      // On a user who holds a role: none of those forms.
      const admin = await get(`/admin/users/${preside.user.id}`);
      assert.equal(admin.statusCode, 200);
      const onPreside = [...formActions(admin.body)].filter((a) => a.startsWith("/admin/users/"));
      assert.deepEqual(onPreside, [], "no action on an administrator");
    });
  });
}
