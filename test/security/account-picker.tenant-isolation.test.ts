import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createTenant } from "../../src/directory/create-tenant.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { listLiveSessions } from "../../src/store/queries/sessions.ts";
import { databaseKinds } from "../support/databases.ts";
import { pageBrowser, signInAs, switchTargets } from "../support/multi-account.ts";
import { createSignInUser, type SignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// One browser, accounts of two tenants: each session acts only as itself, in its own tenant.
// Switching needs the session's token in this browser's own cookie: a session id seen
// elsewhere, or a token made up, switches to nothing. The CSRF check guards the new forms
// (test/security/csrf-every-form.test.ts finds them by their routes).
const signedInAs = (body: string) =>
  /<span class="account-menu-upn">([^<]+)<\/span>/.exec(body.replaceAll("<wbr>", ""))?.[1];

for (const kind of databaseKinds) {
  describe(`the account picker keeps each session in its tenant, on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let school: Tenant;
    let town: Tenant;
    let mario: SignInUser;
    let anna: SignInUser;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      school = await createTenant(t.ctx, testActor, { name: "school", displayName: "Scuola" });
      town = await createTenant(t.ctx, testActor, { name: "town", displayName: "Comune" });
      mario = await createSignInUser({ ...t, tenant: school }, "mario.rossi@school.it");
      anna = await createSignInUser({ ...t, tenant: town }, "anna.verdi@town.it");
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("a session of another browser, or a made-up token, cannot be switched to", async () => {
      const elsewhere = pageBrowser(server);
      await signInAs(t, elsewhere, mario, "school");
      const [marioElsewhere] = await listLiveSessions(t.ctx.store.db, mario.user.id, t.clock.now());
      assert.ok(marioElsewhere);

      const browser = pageBrowser(server);
      await signInAs(t, browser, anna, "town");
      browser.jar.set("varco_accounts", "A".repeat(43));
      const page = await browser.get("/security-info");
      assert.deepEqual(switchTargets(page.body), [], "a made-up token lists nothing");
      assert.equal(browser.jar.get("varco_accounts"), undefined, "and is dropped");
      const refused = await browser.post("/accounts/switch", { account: marioElsewhere.id });
      assert.equal(refused.statusCode, 404);
      assert.match(refused.body, /not signed in to that account/);
      assert.equal(signedInAs((await browser.get("/security-info")).body), anna.upn);
      await browser.post("/accounts/sign-out-all");
      await elsewhere.post("/accounts/sign-out-all");
    });

    test("with the other tenant's account in use, this tenant's session cannot be acted on", async () => {
      const browser = pageBrowser(server);
      await signInAs(t, browser, anna, "town");
      await signInAs(t, browser, mario, "school");
      const [annaSession] = await listLiveSessions(t.ctx.store.db, anna.user.id, t.clock.now());
      assert.ok(annaSession);
      // Mario's page lists Mario's sessions only, and revoking Anna's by its id does nothing.
      const page = await browser.get("/security-info");
      assert.equal(signedInAs(page.body), mario.upn);
      assert.doesNotMatch(page.body, new RegExp(`/security-info/sessions/${annaSession.id}/`));
      const revoke = await browser.post(`/security-info/sessions/${annaSession.id}/revoke`);
      assert.notEqual(revoke.headers.location, "/security-info?notice=session_revoked");
      assert.equal((await listLiveSessions(t.ctx.store.db, anna.user.id, t.clock.now())).length, 1);
      // Signing out signs out Mario alone; Anna's session stays, in her tenant.
      await browser.post("/sign-out");
      assert.equal(
        (await listLiveSessions(t.ctx.store.db, mario.user.id, t.clock.now())).length,
        0,
      );
      const [annaStill] = await listLiveSessions(t.ctx.store.db, anna.user.id, t.clock.now());
      assert.equal(annaStill?.tenantId, town.id);
      await browser.post("/accounts/switch", { account: annaSession.id });
      const asAnna = await browser.get("/security-info");
      assert.equal(signedInAs(asAnna.body), anna.upn);
      assert.match(asAnna.body, /<p class="brand">Comune<\/p>/);
      assert.doesNotMatch(asAnna.body, /mario\.rossi@school\.it/);
      await browser.post("/accounts/sign-out-all");
      assert.equal((await listLiveSessions(t.ctx.store.db, anna.user.id, t.clock.now())).length, 0);
    });

    test("the new forms refuse a request without the browser's CSRF token", async () => {
      const browser = pageBrowser(server);
      await signInAs(t, browser, anna, "town");
      await signInAs(t, browser, mario, "school");
      const [annaSession] = switchTargets((await browser.get("/security-info")).body);
      for (const [url, fields] of [
        ["/accounts/switch", { account: annaSession as string }],
        ["/accounts/sign-out-all", {}],
      ] as const) {
        const forged = await browser.post(url, { ...fields, _csrf: "x".repeat(43) });
        assert.equal(forged.statusCode, 403, url);
      }
      assert.equal(signedInAs((await browser.get("/security-info")).body), mario.upn);
      assert.equal((await listLiveSessions(t.ctx.store.db, anna.user.id, t.clock.now())).length, 1);
      await browser.post("/accounts/sign-out-all");
    });
  });
}
