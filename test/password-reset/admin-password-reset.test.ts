import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import { findTenantById } from "../../src/store/queries/tenants.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Entra's "Password reset" settings on their own admin page: who, how many methods, which.
for (const kind of databaseKinds) {
  describe(`the password reset settings page on ${kind}`, () => {
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
    const policy = async () => (await findTenantById(t.ctx.store.db, t.tenant.id))?.policy;

    test("an administrator turns it on for everyone with two methods; a wrong setting is refused and changes nothing", async () => {
      const u = await createSignInUser(t, `admin.${kind}@scuola.example`);
      await assignRole(t.ctx, testActor, u.user, "globalAdministrator");
      const pages = await signInToPages(t, server, u);
      const page = await pages.get("/admin/password-reset");
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<option value="none" selected>Nobody<\/option>/);
      // Entra's table: e-mail and security questions reset only; the app signs in too.
      assert.match(
        page.body,
        /E-mail \(a code to the authentication address; for reset only\)<\/label>\n<span class="hint">\(never for sign-in\)/,
      );
      assert.match(
        page.body,
        /hardware token<\/label>\n<span class="hint">\(also a second factor at sign-in\)/,
      );
      const saved = await pages.post("/admin/password-reset", {
        passwordResetEnabledFor: "all",
        passwordResetMethodsRequired: "2",
        "method:email": "on",
        "method:securityQuestions": "on",
        passwordResetRegistrationRequired: "on",
      });
      assert.equal(saved.headers.location, "/admin/password-reset?notice=policy_saved");
      const now = await policy();
      assert.equal(now?.passwordResetEnabledFor, "all");
      assert.equal(now?.passwordResetMethodsRequired, 2);
      assert.deepEqual(now?.passwordResetMethods, ["email", "securityQuestions"]);
      const refused = await pages.post("/admin/password-reset", {
        passwordResetEnabledFor: "group",
        passwordResetMethodsRequired: "1",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /passwordResetEnabledFor group needs passwordResetGroupId/);
      assert.equal((await policy())?.passwordResetEnabledFor, "all", "unchanged");
    });

    test("a reader sees the settings and cannot change them", async () => {
      const u = await createSignInUser(t, `reader.${kind}@scuola.example`);
      await assignRole(t.ctx, testActor, u.user, "securityReader");
      const pages = await signInToPages(t, server, u);
      const page = await pages.get("/admin/password-reset");
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<fieldset disabled>/);
      const refused = await pages.post("/admin/password-reset", {
        passwordResetEnabledFor: "none",
      });
      assert.equal(refused.statusCode, 403);
    });
  });
}
