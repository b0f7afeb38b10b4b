import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createTenant } from "../../src/directory/create-tenant.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { databaseKinds } from "../support/databases.ts";
import { pageBrowser, signInAs, switchTargets } from "../support/multi-account.ts";
import { createSignInUser, type SignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A consultant with accounts in several organisations: one browser signed in to several tenants at once, the header's account
// picker to switch, sign-out of one account leaving the others, and at most five accounts.
const signedInAs = (body: string) =>
  /<span class="account-menu-upn">([^<]+)<\/span>/.exec(body.replaceAll("<wbr>", ""))?.[1];

for (const kind of databaseKinds) {
  describe(`the account picker, on ${kind}`, () => {
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

    test("two tenants in one browser: switch from the header, sign out of one, the other stays", async () => {
      const browser = pageBrowser(server);
      await signInAs(t, browser, mario, "school");
      const alone = await browser.get("/security-info");
      assert.equal(signedInAs(alone.body), mario.upn);
      assert.deepEqual(switchTargets(alone.body), [], "no other account yet");
      assert.match(alone.body, /<a href="\/sign-in\?add=1">Sign in with another account<\/a>/);
      // The school's sign-in page, signed in to the school: straight to the account.
      assert.equal((await browser.get("/t/school/sign-in")).headers.location, "/security-info");

      await signInAs(t, browser, anna, "town");
      const both = await browser.get("/security-info");
      assert.equal(signedInAs(both.body), anna.upn);
      assert.match(both.body, /<p class="brand">Comune<\/p>/);
      const [marioSession] = switchTargets(both.body);
      assert.ok(marioSession);
      assert.match(both.body, /Switch to mario\.rossi@school\.it \(Scuola\)/);

      const switched = await browser.post("/accounts/switch", { account: marioSession });
      assert.deepEqual([switched.statusCode, switched.headers.location], [303, "/security-info"]);
      const asMario = await browser.get("/security-info");
      assert.equal(signedInAs(asMario.body), mario.upn);
      assert.match(asMario.body, /<p class="brand">Scuola<\/p>/);
      assert.match(asMario.body, /Switch to anna\.verdi@town\.it \(Comune\)/);

      const out = await browser.post("/sign-out");
      assert.equal(out.headers.location, "/accounts?notice=signed_out");
      const picker = await browser.get("/accounts");
      assert.equal(picker.statusCode, 200);
      assert.match(picker.body, /Switch to anna\.verdi@town\.it \(Comune\)/);
      assert.doesNotMatch(picker.body, /mario\.rossi@school\.it/, "the account signed out is gone");
      const noneInUse = await browser.get("/security-info");
      assert.equal(noneInUse.headers.location, "/accounts", "none in use: the picker");
      const [annaSession] = switchTargets(picker.body);
      await browser.post("/accounts/switch", { account: annaSession as string });
      const asAnna = await browser.get("/security-info");
      assert.equal(signedInAs(asAnna.body), anna.upn, "the other account stayed signed in");

      const all = await browser.post("/accounts/sign-out-all");
      assert.equal(all.headers.location, "/sign-in?notice=signed_out");
      assert.equal((await browser.get("/security-info")).statusCode, 303);
      assert.deepEqual(switchTargets((await browser.get("/accounts")).body), []);
    });

    test("signing out everywhere ends one user's sessions; the browser's other account stays", async () => {
      const browser = pageBrowser(server);
      await signInAs(t, browser, anna, "town");
      await signInAs(t, browser, mario, "school");
      await browser.get("/security-info");
      const out = await browser.post("/sign-out-everywhere");
      assert.equal(out.headers.location, "/accounts?notice=signed_out");
      const picker = await browser.get("/accounts");
      assert.match(picker.body, /Switch to anna\.verdi@town\.it \(Comune\)/);
      assert.doesNotMatch(picker.body, /mario\.rossi@school\.it/);
      await browser.post("/accounts/sign-out-all");
    });

    test("at most five accounts: the sixth is refused with too_many_accounts", async () => {
      const browser = pageBrowser(server);
      const users = [mario, anna];
      for (const i of [1, 2, 3]) {
        users.push(await createSignInUser({ ...t, tenant: school }, `user${i}@school.it`));
      }
      for (const [i, u] of users.entries())
        await signInAs(t, browser, u, i === 1 ? "town" : "school");
      const page = await browser.get("/security-info");
      assert.equal(switchTargets(page.body).length, 4);
      assert.doesNotMatch(page.body, /add=1/, "no offer to add a sixth");
      const sixth = await browser.get("/sign-in?add=1");
      assert.equal(sixth.headers.location, "/accounts?error=too_many_accounts");
      const refused = await browser.get(sixth.headers.location as string);
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /signed in to 5 accounts/);
      await browser.post("/accounts/sign-out-all");
    });
  });
}
