import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { passkeyServer } from "../passkey/support.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Entra's authentication strength on the admin pages: once the tenant requires phishing-resistant
// MFA of administrators, a session whose last proof was a code no longer opens them.
describe("admin pages under phishing-resistant MFA", () => {
  let t: TestApp;
  let server: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await passkeyServer(t);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  test("a session proven with a code is sent to prove a passkey; without the requirement it goes in", async () => {
    const admin = await createSignInUser(t, "dirigente@scuola.example");
    await assignRole(t.ctx, testActor, admin.user, "globalAdministrator");
    const pages = await signInToPages(t, server, admin);
    assert.equal((await pages.get("/admin/users")).statusCode, 200);
    await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
      phishingResistantForAdministrators: true,
    });
    const refused = await pages.get("/admin/users");
    assert.deepEqual(
      [refused.statusCode, refused.headers.location],
      [303, "/reauth?passkey=required&returnTo=%2Fadmin%2Fusers"],
    );
    await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
      phishingResistantForAdministrators: false,
    });
    assert.equal((await pages.get("/admin/users")).statusCode, 200);
  });
});
