import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listPhoneMethods } from "../../src/store/queries/phone-methods.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// The user's admin page lists their phones masked; an administrator who may manage methods adds,
// changes and removes them (removal asked on a page of its own); a Security Reader only reads.
for (const kind of databaseKinds) {
  describe(`the admin page manages a user's phones by role on ${kind}`, () => {
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
      return { ...(await signInToPages(t, server, u)), id: u.user.id };
    };
    const phonesOf = async (userId: string) =>
      (await listPhoneMethods(t.ctx.store.db, userId)).map((p) => [p.phoneType, p.phoneNumber]);

    test("an Authentication Administrator adds, changes and removes; audited as them", async () => {
      const helper = await admin("aiuto.telefoni@example.it", "authenticationAdministrator");
      const target = await createSignInUser(t, "utente.telefoni@example.it");
      const base = `/admin/users/${target.user.id}`;
      const page = await helper.get(`${base}?lang=en`);
      assert.match(page.body, /<h2 id="phones-heading">Phones<\/h2>/);
      assert.match(page.body, new RegExp(`<form method="post" action="${base}/phones" `));

      const added = await helper.post(`${base}/phones`, {
        phoneType: "office",
        phoneNumber: "+39 02 8765 4321 ext. 12",
        ticket: "INC-1",
      });
      assert.equal(added.headers.location, `${base}?notice=phone_added`);
      assert.deepEqual(await phonesOf(target.user.id), [["office", "+39 0287654321"]]);
      const shown = await helper.get(`${base}?notice=phone_added`);
      assert.match(shown.body, /The phone has been added\./);
      assert.match(shown.body, /\+39 ••• •••• 21/);
      assert.doesNotMatch(shown.body, /0287654321|8765 4321|87654321/);

      const bad = await helper.post(`${base}/phones/office`, { phoneNumber: "+39 02" });
      assert.equal(bad.headers.location, `${base}?error=invalid_phone_number`);
      const taken = await helper.post(`${base}/phones`, {
        phoneType: "office",
        phoneNumber: "+39 06 4567 8901",
      });
      assert.equal(taken.headers.location, `${base}?error=phone_type_taken`);
      assert.deepEqual(await phonesOf(target.user.id), [["office", "+39 0287654321"]]);

      const changed = await helper.post(`${base}/phones/office`, {
        phoneNumber: "+44 20 7946 0958",
      });
      assert.equal(changed.headers.location, `${base}?notice=phone_changed`);
      assert.deepEqual(await phonesOf(target.user.id), [["office", "+44 2079460958"]]);

      const ask = await helper.get(`${base}/phones/office/remove?lang=en`);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /<h1>Remove the phone \+44 ••• •••• 58\?<\/h1>/);
      assert.match(ask.body, /deleted from the security info of utente\.telefoni@example\.it/);
      assert.match(
        ask.body,
        new RegExp(`<form method="post" action="${base}/phones/office/remove"`),
      );
      assert.equal((await phonesOf(target.user.id)).length, 1, "asking removes nothing");
      const forged = await helper.browser.request({
        method: "POST",
        url: `${base}/phones/office/remove`,
        headers: formHeaders,
        payload: "",
      });
      assert.equal(forged.statusCode, 403);
      assert.equal((await phonesOf(target.user.id)).length, 1);
      const removed = await helper.post(`${base}/phones/office/remove`);
      assert.equal(removed.headers.location, `${base}?notice=phone_removed`);
      assert.deepEqual(await phonesOf(target.user.id), []);

      const entries = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000))
        .filter((a) => a.action.endsWith("phone method") && a.details_json.includes(target.upn))
        .reverse();
      assert.deepEqual(
        entries.map((a) => [a.action, a.actor_id]),
        [
          ["Add phone method", helper.id],
          ["Update phone method", helper.id],
          ["Delete phone method", helper.id],
        ],
      );
    });

    test("a Security Reader sees the phones masked and cannot change them", async () => {
      const reader = await admin("lettore.telefoni@example.it", "securityReader");
      const target = await createSignInUser(t, "letto.soltanto@example.it");
      await addPhoneMethod(t.ctx, testActor, target.user, {
        phoneType: "mobile",
        phoneNumber: "+1 212 555 0123",
      });
      const base = `/admin/users/${target.user.id}`;
      const page = await reader.get(`${base}?lang=en`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /\+1 ••• •••• 23/);
      assert.doesNotMatch(page.body, /2125550123/);
      assert.doesNotMatch(page.body, /action="[^"]*\/phones/);
      assert.doesNotMatch(page.body, /href="[^"]*\/phones\/mobile\/remove"/);
      assert.equal((await reader.get(`${base}/phones/mobile/remove`)).statusCode, 403);
      for (const [url, fields] of [
        [`${base}/phones`, { phoneType: "office", phoneNumber: "+39 06 4567 8901" }],
        [`${base}/phones/mobile`, { phoneNumber: "+39 333 123 4567" }],
        [`${base}/phones/mobile/remove`, {}],
      ] as const) {
        assert.equal((await reader.post(url, fields)).statusCode, 403, url);
      }
      assert.deepEqual(await phonesOf(target.user.id), [["mobile", "+1 2125550123"]]);
    });

    test("an Authentication Administrator cannot change an administrator's phones", async () => {
      const helper = await admin("aiuto.limitato@example.it", "authenticationAdministrator");
      const other = await createSignInUser(t, "altro.admin@example.it");
      await assignRole(t.ctx, testActor, other.user, "helpdeskAdministrator");
      const base = `/admin/users/${other.user.id}`;
      const added = await helper.post(`${base}/phones`, {
        phoneType: "mobile",
        phoneNumber: "+39 333 123 4567",
      });
      assert.equal(added.statusCode, 403);
      assert.deepEqual(await phonesOf(other.user.id), []);
    });
  });
}
