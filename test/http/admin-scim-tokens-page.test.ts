import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listScimTokens } from "../../src/store/queries/scim.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// /admin/scim-tokens: a Global Administrator creates a SCIM token from the page and sees it once,
// on the answer to the form; the identity system provisions with it until it is revoked, after a
// confirmation page. Other roles see no entry and are refused.

const tokenIn = (body: string) =>
  /<code id="scim-token"[^>]*>(varco_scim_[\w-]+)<\/code>/.exec(body)?.[1];

for (const kind of databaseKinds) {
  describe(`the SCIM tokens admin page on ${kind}`, () => {
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
    const signedInAs = async (upn: string, role: Role) => {
      const u = await createSignInUser(t, upn);
      await assignRole(t.ctx, testActor, u.user, role);
      return signInToPages(t, server, u);
    };
    const scimUsers = (token: string) =>
      server.inject({
        method: "GET",
        url: "/scim/v2/Users",
        headers: { authorization: `Bearer ${token}` },
      });

    test("create a token, shown once; it provisions; revoked after confirming, it is refused", async () => {
      const admin = await signedInAs("scim.admin@example.it", "globalAdministrator");
      const empty = await admin.get("/admin/scim-tokens");
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /<a href="\/admin\/scim-tokens">SCIM tokens<\/a>/, "in the menu");
      assert.match(empty.body, /There are no SCIM tokens yet/);

      const blank = await admin.post("/admin/scim-tokens", { name: "   " });
      assert.equal(blank.statusCode, 400);
      assert.match(blank.body, /Enter a name of 1 to 100 characters/);
      assert.equal((await listScimTokens(t.ctx.store.db, t.tenant.id)).length, 0);

      const created = await admin.post("/admin/scim-tokens", { name: "Entra ID" });
      assert.equal(created.statusCode, 200, "the answer itself, no redirect");
      assert.equal(created.headers.location, undefined);
      assert.equal(created.headers["cache-control"], "no-store");
      const token = tokenIn(created.body);
      assert.ok(token, "the token is on the answer page");
      assert.match(created.body, /It is shown only this time/);
      assert.match(created.body, /<code>http:\/\/localhost(:\d+)?\/scim\/v2<\/code>/);

      const [row] = await listScimTokens(t.ctx.store.db, t.tenant.id);
      assert.ok(row);
      assert.equal(row.name, "Entra ID");
      const list = await admin.get("/admin/scim-tokens");
      assert.match(list.body, /Entra ID/);
      assert.match(list.body, /data-label="Last used">Never</, "not used yet");
      assert.ok(!list.body.includes(token), "the list never shows the token again");
      assert.ok(!list.body.includes(token.slice("varco_scim_".length, 30)), "nor a part of it");

      const users = await scimUsers(token);
      assert.equal(users.statusCode, 200, "the identity system provisions with it");
      assert.match(users.body, /urn:ietf:params:scim:api:messages:2.0:ListResponse/);
      const used = await admin.get("/admin/scim-tokens");
      assert.doesNotMatch(used.body, /data-label="Last used">Never</, "its last use is shown");

      const confirmPath = `/admin/scim-tokens/${row.id}/revoke`;
      assert.match(list.body, new RegExp(`<a [^>]*href="${confirmPath}"`));
      assert.doesNotMatch(list.body, new RegExp(`action="${confirmPath}"`), "the list only links");
      const ask = await admin.get(`${confirmPath}?lang=it`);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /<h1>Revocare il token SCIM Entra ID\?<\/h1>/);
      assert.match(ask.body, new RegExp(`<form method="post" action="${confirmPath}"`));
      assert.match(ask.body, /href="\/admin\/scim-tokens">Annulla</);
      assert.equal((await scimUsers(token)).statusCode, 200, "asking revokes nothing");

      const revoked = await admin.post(confirmPath);
      assert.equal(revoked.statusCode, 303);
      assert.equal(revoked.headers.location, "/admin/scim-tokens?notice=scim_token_revoked");
      assert.equal((await scimUsers(token)).statusCode, 401);
      const after = await admin.get("/admin/scim-tokens?notice=scim_token_revoked&lang=en");
      assert.match(after.body, /The SCIM token has been revoked/);
      assert.match(after.body, /Revoked on /);
      assert.doesNotMatch(
        after.body,
        new RegExp(`href="${confirmPath}"`),
        "nothing left to revoke",
      );
      const again = await admin.post(confirmPath);
      assert.equal(again.statusCode, 404);
      assert.match(again.body, /The tenant has no live SCIM token with this id/);

      const actions = (await listAudit(t.ctx.store.db, t.tenant.id, 50)).map((e) => e.action);
      assert.ok(actions.includes("Add SCIM token") && actions.includes("Revoke SCIM token"));
      for (const entry of await listAudit(t.ctx.store.db, t.tenant.id, 50)) {
        assert.ok(!entry.details_json.includes(token), "the token is not in the audit log");
      }
    });

    test("without the CSRF token the forms are refused and change nothing", async () => {
      const admin = await signedInAs("scim.csrf@example.it", "globalAdministrator");
      const before = await listScimTokens(t.ctx.store.db, t.tenant.id);
      const created = await admin.post("/admin/scim-tokens", { name: "live" });
      const token = tokenIn(created.body) ?? "";
      const live = (await listScimTokens(t.ctx.store.db, t.tenant.id)).find(
        (r) => r.name === "live",
      );
      assert.ok(live);
      for (const url of ["/admin/scim-tokens", `/admin/scim-tokens/${live.id}/revoke`]) {
        const forged = await admin.browser.request({
          method: "POST",
          url,
          headers: formHeaders,
          payload: new URLSearchParams({ name: "forged" }).toString(),
        });
        assert.equal(forged.statusCode, 403, url);
        assert.match(forged.body, /form has expired/);
        assert.equal(tokenIn(forged.body), undefined);
      }
      assert.equal((await listScimTokens(t.ctx.store.db, t.tenant.id)).length, before.length + 1);
      assert.equal((await scimUsers(token)).statusCode, 200, "still live");
    });

    test("one token revoked twice at once: one revocation, one audit entry, the other told it is gone", async () => {
      const admin = await signedInAs("scim.race@example.it", "globalAdministrator");
      const token = tokenIn((await admin.post("/admin/scim-tokens", { name: "race" })).body) ?? "";
      const row = (await listScimTokens(t.ctx.store.db, t.tenant.id)).find(
        (r) => r.name === "race",
      );
      assert.ok(row);
      const path = `/admin/scim-tokens/${row.id}/revoke`;
      const answers = await Promise.all([admin.post(path), admin.post(path)]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [303, 404]);
      assert.equal((await scimUsers(token)).statusCode, 401);
      const revocations = (await listAudit(t.ctx.store.db, t.tenant.id, 100)).filter(
        (e) => e.action === "Revoke SCIM token" && e.details_json.includes(row.id),
      );
      assert.equal(revocations.length, 1);
    });

    test("a Helpdesk Administrator sees no SCIM tokens entry and is refused the page and its forms", async () => {
      const helpdesk = await signedInAs("scim.helpdesk@example.it", "helpdeskAdministrator");
      const users = await helpdesk.get("/admin/users");
      assert.equal(users.statusCode, 200);
      assert.doesNotMatch(users.body, /href="\/admin\/scim-tokens"/);
      const live = (await listScimTokens(t.ctx.store.db, t.tenant.id)).find((r) => !r.revokedAt);
      assert.ok(live);
      const revokePath = `/admin/scim-tokens/${live.id}/revoke`;
      for (const url of ["/admin/scim-tokens", revokePath]) {
        assert.equal((await helpdesk.get(url)).statusCode, 403, url);
      }
      const before = await listScimTokens(t.ctx.store.db, t.tenant.id);
      const created = await helpdesk.post("/admin/scim-tokens", { name: "mine" });
      assert.equal(created.statusCode, 403);
      assert.equal(tokenIn(created.body), undefined);
      assert.equal((await helpdesk.post(revokePath)).statusCode, 403);
      assert.deepEqual(
        await listScimTokens(t.ctx.store.db, t.tenant.id),
        before,
        "nothing changed",
      );
    });
  });
}
