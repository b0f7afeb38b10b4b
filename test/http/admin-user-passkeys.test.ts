import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listPasskeyCredentials } from "../../src/store/queries/passkeys.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { storePasskey } from "../support/stored-passkey.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// The user's admin page lists their passkeys and security keys (name, kind, model, dates, a
// warning for a possibly cloned one); an administrator who may manage methods removes one, after
// a page that asks, with the form's CSRF token; a Security Reader only reads.
for (const kind of databaseKinds) {
  describe(`the admin page shows and removes a user's passkeys on ${kind}`, () => {
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
    const passkeysOf = async (userId: string) =>
      (await listPasskeyCredentials(t.ctx.store.db, userId)).map((row) => row.name);

    test("listed with kind, model and dates; a possibly cloned one warned of; removed after asking", async () => {
      const helper = await admin("aiuto.chiavi@example.it", "authenticationAdministrator");
      const target = await createSignInUser(t, "utente.chiavi@example.it");
      const cloned = await storePasskey(t, target.user, {
        name: "Chiave <ufficio>",
        cloned_at: t.ctx.now(),
        last_used_at: t.ctx.now(),
      });
      await storePasskey(t, target.user, {
        name: "Telefono",
        kind: "passkey",
        aaguid: "00000000-0000-0000-0000-000000000000",
        attestation_format: "none",
      });
      const base = `/admin/users/${target.user.id}`;
      const page = await helper.get(`${base}?lang=en`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h2 id="passkeys-heading">Passkeys and security keys<\/h2>/);
      assert.match(
        page.body,
        /Chiave &lt;ufficio&gt; <span class="badge badge-blocked">Possibly cloned/,
      );
      assert.match(page.body, /a copy of it may exist/, "the warning in words");
      assert.match(page.body, /<td data-label="Kind">Security key<\/td>/);
      assert.match(page.body, /<td data-label="Model">YubiKey 5 Series<\/td>/);
      assert.match(page.body, /<td data-label="Kind">Passkey<\/td>/);
      assert.match(page.body, /<td data-label="Model">Not known<\/td>/);
      const italian = await helper.get(`${base}?lang=it`);
      assert.match(italian.body, /Passkey e chiavi di sicurezza/);
      assert.match(italian.body, /Forse clonata/);

      const removePath = `${base}/passkeys/${cloned.id}/remove`;
      assert.match(page.body, new RegExp(`href="${removePath}"`));
      const ask = await helper.get(`${removePath}?lang=en`);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /<h1>Remove the passkey Chiave &lt;ufficio&gt;\?<\/h1>/);
      assert.match(ask.body, new RegExp(`<form method="post" action="${removePath}"`));
      assert.equal((await passkeysOf(target.user.id)).length, 2, "asking removes nothing");
      const forged = await helper.browser.request({
        method: "POST",
        url: removePath,
        headers: formHeaders,
        payload: "",
      });
      assert.equal(forged.statusCode, 403);
      assert.equal((await passkeysOf(target.user.id)).length, 2);

      const removed = await helper.post(removePath, { ticket: "INC-7" });
      assert.equal(removed.headers.location, `${base}?notice=passkey_removed`);
      assert.deepEqual(await passkeysOf(target.user.id), ["Telefono"]);
      const shown = await helper.get(`${base}?notice=passkey_removed&lang=en`);
      assert.match(shown.body, /The passkey or security key has been removed\./);
      assert.doesNotMatch(shown.body, /Possibly cloned/);
      const [entry] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.action, "Delete passkey");
      assert.equal(entry?.actor_id, helper.id);
      assert.equal(JSON.parse(entry?.details_json ?? "{}").ticket, "INC-7");

      const again = await helper.post(removePath);
      assert.equal(again.headers.location, `${base}?error=passkey_not_found`);
      assert.equal((await helper.get(removePath)).statusCode, 404);
      const audit = await helper.get(`/admin/audit?action=${encodeURIComponent("Delete passkey")}`);
      assert.match(audit.body, /Passkey or security key removed/);
    });

    test("a Security Reader sees them and cannot remove one; nor can an Authentication Administrator an administrator's", async () => {
      const reader = await admin("lettore.chiavi@example.it", "securityReader");
      const target = await createSignInUser(t, "solo.lettura.chiavi@example.it");
      const key = await storePasskey(t, target.user, { name: "Chiave letta" });
      const base = `/admin/users/${target.user.id}`;
      const page = await reader.get(`${base}?lang=en`);
      assert.match(page.body, /Chiave letta/);
      assert.doesNotMatch(page.body, /\/passkeys\/[^"]+\/remove/);
      assert.equal((await reader.get(`${base}/passkeys/${key.id}/remove`)).statusCode, 403);
      assert.equal((await reader.post(`${base}/passkeys/${key.id}/remove`)).statusCode, 403);

      const helper = await admin("aiuto.chiavi.limitato@example.it", "authenticationAdministrator");
      const other = await createSignInUser(t, "altro.admin.chiavi@example.it");
      await assignRole(t.ctx, testActor, other.user, "helpdeskAdministrator");
      const adminKey = await storePasskey(t, other.user);
      const adminBase = `/admin/users/${other.user.id}`;
      assert.equal(
        (await helper.post(`${adminBase}/passkeys/${adminKey.id}/remove`)).statusCode,
        403,
      );
      assert.deepEqual(await passkeysOf(target.user.id), ["Chiave letta"]);
      assert.equal((await passkeysOf(other.user.id)).length, 1);
    });
  });
}
