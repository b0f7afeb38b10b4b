import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listAppPasswords } from "../../src/store/queries/app-passwords.ts";
import { adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { allowAppPasswords, createOnPages, mailServer } from "./support.ts";

// Administrators list a user's app passwords (never the passwords) and revoke them: the admin
// API's `users/{id}/authentication/appPasswords`, and the user's admin page; each revocation is
// on the audit log. The tenant setting is in the policy, the admin API and the CLI's shape.
for (const kind of databaseKinds) {
  describe(`administrators and app passwords on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let mail: Awaited<ReturnType<typeof mailServer>>;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      mail = await mailServer(t, server);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("the tenant's setting through the admin API: off by default, then on", async () => {
      const policyAdmin = await adminClient(t, server, ["authenticationPolicyAdministrator"]);
      const path = "/api/v1/policies/authenticationMethodsPolicy";
      const read = await policyAdmin.call("GET", path);
      assert.equal(read.json().appPasswordsAllowed, false);
      const refused = await policyAdmin.call("PATCH", path, { appPasswordsAllowed: "yes" });
      assert.equal(refused.status, 400);
      const changed = await policyAdmin.call("PATCH", path, { appPasswordsAllowed: true });
      assert.equal(changed.status, 200, changed.body);
      assert.equal(changed.json().appPasswordsAllowed, true);
    });

    test("listed and revoked through the admin API, by the roles that manage methods", async () => {
      await allowAppPasswords(t, true);
      const u = await createSignInUser(t, `api.${kind}@scuola.example`);
      const password = await createOnPages(await signInToPages(t, server, u), "Outlook 2010");
      assert.equal(await mail.result(u.upn, password), "accept");
      const authAdmin = await adminClient(t, server, ["authenticationAdministrator"]);
      const reader = await adminClient(t, server, ["securityReader"]);
      const base = `/api/v1/users/${encodeURIComponent(u.upn)}/authentication/appPasswords`;
      const listed = await authAdmin.call("GET", base);
      assert.equal(listed.status, 200, listed.body);
      const [entry] = listed.json().value as Record<string, unknown>[];
      assert.deepEqual(Object.keys(entry ?? {}).sort(), [
        "createdDateTime",
        "displayName",
        "id",
        "lastUsedDateTime",
      ]);
      assert.equal(entry?.displayName, "Outlook 2010");
      assert.ok(!listed.body.includes(password.replaceAll(" ", "")), "never the password");
      assert.equal((await reader.call("GET", base)).status, 403);
      assert.equal((await reader.call("DELETE", `${base}/${entry?.id}`)).status, 403);
      assert.equal(
        await mail.result(u.upn, password),
        "accept",
        "a refused revocation changes nothing",
      );
      const revoked = await authAdmin.call("DELETE", `${base}/${entry?.id}`);
      assert.equal(revoked.status, 204, revoked.body);
      assert.equal(await mail.result(u.upn, password), "reject");
      assert.equal((await authAdmin.call("DELETE", `${base}/${entry?.id}`)).status, 404);
      const [audit] = await t.ctx.store.db
        .selectFrom("audit_log")
        .select(["action", "actor_type", "details_json"])
        .where("action", "=", "Revoke app password")
        .execute();
      assert.equal(audit?.actor_type, "apiClient");
      assert.match(String(audit?.details_json), /Outlook 2010/);
    });

    test("the user's admin page lists them and revokes one with its Revoke button", async () => {
      await allowAppPasswords(t, true);
      const helper = await createSignInUser(t, `helper.${kind}@scuola.example`);
      await assignRole(t.ctx, testActor, helper.user, "authenticationAdministrator");
      const helperPages = await signInToPages(t, server, helper);
      const u = await createSignInUser(t, `page.${kind}@scuola.example`);
      const password = await createOnPages(await signInToPages(t, server, u), "Phone <mail>");
      const page = await helperPages.get(`/admin/users/${u.user.id}?lang=en`);
      assert.equal(page.statusCode, 200, page.body.slice(0, 2000));
      assert.match(page.body, /<h2 id="app-passwords-heading">App passwords<\/h2>/);
      assert.match(page.body, /Phone &lt;mail&gt;/);
      assert.ok(!page.body.includes(password.replaceAll(" ", "")));
      const [entry] = await listAppPasswords(t.ctx.store.db, u.user.id);
      assert.ok(entry);
      const action = `/admin/users/${u.user.id}/app-passwords/${entry.id}/revoke`;
      assert.ok(page.body.includes(`action="${action}"`), "a Revoke button");
      const done = await helperPages.post(action);
      assert.equal(done.statusCode, 303);
      assert.match(String(done.headers.location), /notice=app_password_revoked/);
      assert.equal(await mail.result(u.upn, password), "reject");
      assert.match((await helperPages.get(String(done.headers.location))).body, /has been revoked/);
    });
  });
}
