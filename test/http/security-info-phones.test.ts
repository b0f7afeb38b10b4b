import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listPhoneMethods } from "../../src/store/queries/phone-methods.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp } from "../support/test-app.ts";

// Security info: a user adds, changes and removes their own phones, after a recent second factor
// like every other method change; the page shows each number masked.
for (const kind of databaseKinds) {
  describe(`Security info: the user's phones on ${kind}`, () => {
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
    const phonesOf = async (userId: string) =>
      (await listPhoneMethods(t.ctx.store.db, userId)).map((p) => [p.phoneType, p.phoneNumber]);

    test("add, change, refuse a bad number, ask before removing, remove; always masked", async () => {
      const u = await createSignInUser(t, "telefoni.miei@example.it");
      const me = await signInToPages(t, server, u);
      const empty = await me.get("/security-info?lang=en");
      assert.match(empty.body, /<h2 id="phones-heading">Phones<\/h2>/);
      assert.match(empty.body, /<form method="post" action="\/security-info\/phones" /);

      const added = await me.post("/security-info/phones", {
        phoneType: "mobile",
        phoneNumber: "+39 348 246 8135",
      });
      assert.equal(added.headers.location, "/security-info?notice=phone_added");
      assert.deepEqual(await phonesOf(u.user.id), [["mobile", "+39 3482468135"]]);
      const page = await me.get("/security-info?notice=phone_added");
      assert.match(page.body, /The phone has been added\./);
      assert.match(page.body, /\+39 ••• •••• 35/);
      assert.doesNotMatch(page.body, /3482468135|348 246|2468135|246 8135/);
      // The type taken is no longer offered.
      assert.doesNotMatch(page.body, /<option value="mobile">/);
      assert.match(page.body, /<option value="office">/);

      const taken = await me.post("/security-info/phones", {
        phoneType: "mobile",
        phoneNumber: "+39 347 765 4321",
      });
      assert.equal(taken.headers.location, "/security-info?error=phone_type_taken");
      const bad = await me.post("/security-info/phones/mobile", { phoneNumber: "333 765 4321" });
      assert.equal(bad.headers.location, "/security-info?error=phone_country_code_required");
      const shown = await me.get("/security-info?error=phone_country_code_required&lang=it");
      assert.match(shown.body, /Inizia il numero con \+ e il prefisso internazionale/);
      await me.get("/security-info?lang=en");
      assert.deepEqual(await phonesOf(u.user.id), [["mobile", "+39 3482468135"]], "unchanged");

      const changed = await me.post("/security-info/phones/mobile", {
        phoneNumber: "+39 347 765 4321",
      });
      assert.equal(changed.headers.location, "/security-info?notice=phone_changed");
      assert.deepEqual(await phonesOf(u.user.id), [["mobile", "+39 3477654321"]]);

      const path = "/security-info/phones/mobile/remove";
      assert.match((await me.get("/security-info")).body, new RegExp(`href="${path}"`));
      const ask = await me.get(path);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /<h1>Remove the phone \+39 ••• •••• 21\?<\/h1>/);
      assert.match(ask.body, new RegExp(`<form method="post" action="${path}"`));
      assert.equal((await phonesOf(u.user.id)).length, 1, "asking removes nothing");
      const removed = await me.post(path);
      assert.equal(removed.headers.location, "/security-info?notice=phone_removed");
      assert.deepEqual(await phonesOf(u.user.id), []);
      assert.equal((await me.get(path)).statusCode, 404, "nothing left to ask about");

      const actions = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000))
        .filter((a) => a.actor_id === u.user.id && a.action.includes("phone"))
        .map((a) => a.action)
        .reverse();
      assert.deepEqual(actions, ["Add phone method", "Update phone method", "Delete phone method"]);
    });

    test("a form without its CSRF token changes nothing", async () => {
      const u = await createSignInUser(t, "senza.token@example.it");
      const me = await signInToPages(t, server, u);
      for (const [url, payload] of [
        ["/security-info/phones", "phoneType=mobile&phoneNumber=%2B39+333+1234567"],
        ["/security-info/phones/mobile", "phoneNumber=%2B39+333+1234567"],
        ["/security-info/phones/mobile/remove", ""],
      ] as const) {
        const forged = await me.browser.request({
          method: "POST",
          url,
          headers: formHeaders,
          payload,
        });
        assert.equal(forged.statusCode, 403, url);
      }
      assert.deepEqual(await phonesOf(u.user.id), []);
    });

    test("past the recent-authentication window, a change asks for a code first", async () => {
      const u = await createSignInUser(t, "codice.vecchio@example.it");
      const me = await signInToPages(t, server, u);
      assert.equal(
        (
          await me.post("/security-info/phones", {
            phoneType: "office",
            phoneNumber: "+39 06 4567 8901",
          })
        ).headers.location,
        "/security-info?notice=phone_added",
      );
      // The session stays alive (seen within the hour), but its code is 65 minutes old.
      t.clock.advance(40 * 60_000);
      await me.get("/security-info");
      t.clock.advance(25 * 60_000);
      const add = await me.post("/security-info/phones", {
        phoneType: "mobile",
        phoneNumber: "+39 333 123 4567",
      });
      assert.deepEqual(
        [add.statusCode, add.headers.location],
        [303, "/reauth?returnTo=%2Fsecurity-info"],
      );
      const change = await me.post("/security-info/phones/office", {
        phoneNumber: "+39 02 1234 5678",
      });
      assert.equal(change.headers.location, "/reauth?returnTo=%2Fsecurity-info");
      const ask = await me.get("/security-info/phones/office/remove");
      assert.equal(
        ask.headers.location,
        "/reauth?returnTo=%2Fsecurity-info%2Fphones%2Foffice%2Fremove",
      );
      const remove = await me.post("/security-info/phones/office/remove");
      assert.equal(remove.headers.location, "/reauth?returnTo=%2Fsecurity-info");
      assert.deepEqual(await phonesOf(u.user.id), [["office", "+39 0645678901"]], "unchanged");
    });
  });
}
