import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { addPasskeyTo } from "../passkey/passkey-user.ts";
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
    t.clock.advance(30_000);
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
    const asked = await pages.get(refused.headers.location as string);
    assert.match(asked.body, /a code is not enough/);
    assert.doesNotMatch(asked.body, /name="code"/, "no code is offered");
    assert.match(asked.body, /add one on Security info/, "the administrator has no passkey yet");

    // With a passkey (added here straight through the ceremony), proving it opens the pages.
    const key = await addPasskeyTo(t, admin.user);
    const offered = await pages.get(refused.headers.location as string);
    assert.match(offered.body, /action="\/reauth\/passkey"/);
    const csrf = pages.browser.jar.get("varco_csrf") as string;
    const options = await pages.browser.request({
      method: "POST",
      url: "/reauth/passkey/options",
      headers: { "content-type": "application/json", accept: "application/json" },
      payload: { _csrf: csrf },
    });
    assert.equal(options.statusCode, 200, options.body);
    const proven = await pages.post("/reauth/passkey", {
      returnTo: "/admin/users",
      response: JSON.stringify(key.sign(options.json().options)),
    });
    assert.deepEqual([proven.statusCode, proven.headers.location], [303, "/admin/users"]);
    assert.equal((await pages.get("/admin/users")).statusCode, 200);
    await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
      phishingResistantForAdministrators: false,
    });
  });
});
