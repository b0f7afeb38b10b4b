import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { upnKey } from "../../src/directory/upn.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { findUserById, findUserByUpn, listUsers } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { csrfOf, formHeaders, html, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

for (const kind of databaseKinds) {
  describe(`the admin pages create, edit and delete users on ${kind}`, () => {
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

    const signedIn = (u: SignInUser) => signInToPages(t, server, u);
    const admin = async (upn: string, role: Role) => {
      const u = await createSignInUser(t, upn);
      await assignRole(t.ctx, testActor, u.user, role);
      return signedIn(u);
    };
    const audited = async () => (await listAudit(t.ctx.store.db, t.tenant.id, 100_000)).length;
    const byUpn = (upn: string) => findUserByUpn(t.ctx.store.db, t.tenant.id, upnKey(upn));

    test("New user: created with every field, then edited; in English and Italian", async () => {
      const global = await admin("pages.global@example.it", "globalAdministrator");
      const list = await global.get("/admin/users");
      assert.match(list.body, /<h2 id="create-heading">New user<\/h2>/);
      assert.match(list.body, /action="\/admin\/users"/);
      assert.match((await global.get("/admin/users?lang=it")).body, /Nuovo utente/);
      await global.get("/admin/users?lang=en"); // the choice is remembered: back to English

      const created = await global.post("/admin/users", {
        userPrincipalName: "page.new@example.it",
        displayName: "Pagina Nuova",
        mail: "page.new@example.it",
        mobilePhone: "+39 333 1234567",
        department: "Anagrafe",
        password: "a long new password 42",
        forceChange: "on",
        enabled: "on",
      });
      assert.equal(created.statusCode, 303);
      const user = await byUpn("page.new@example.it");
      assert.ok(user);
      assert.equal(created.headers.location, `/admin/users/${user.id}?notice=user_created`);
      assert.deepEqual(
        [user.displayName, user.mail, user.mobilePhone, user.department, user.blocked],
        ["Pagina Nuova", "page.new@example.it", "+39 333 1234567", "Anagrafe", false],
      );
      assert.notEqual(user.passwordChangeForcedAt, null);
      const page = await global.get(`/admin/users/${user.id}?notice=user_created`);
      assert.match(page.body, /The user has been created\./);
      assert.match(page.body, /name="mobilePhone" value="\+39 333 1234567"/);
      assert.match(page.body, /href="\/admin\/users\/[^"]+\/delete">Delete this user</);
      const it = await global.get(`/admin/users/${user.id}?lang=it`);
      assert.match(it.body, /Modifica utente/);
      assert.match(it.body, /Elimina questo utente/);
      await global.get("/admin/users?lang=en");

      // Unticked "Sign-in allowed": created blocked.
      await global.post("/admin/users", { userPrincipalName: "page.disabled@example.it" });
      assert.equal((await byUpn("page.disabled@example.it"))?.blocked, true);

      const edited = await global.post(`/admin/users/${user.id}/profile`, {
        displayName: "Pagina Modificata",
        mail: "",
        mobilePhone: "+39 02 1234567",
        department: "Tributi",
      });
      assert.equal(edited.headers.location, `/admin/users/${user.id}?notice=user_updated`);
      const now = await findUserById(t.ctx.store.db, user.id);
      assert.deepEqual(
        [now?.displayName, now?.mail, now?.mobilePhone, now?.department],
        ["Pagina Modificata", null, "+39 02 1234567", "Tributi"],
      );
      assert.match(
        (await global.get(`/admin/users/${user.id}?notice=user_updated`)).body,
        /The user has been saved\./,
      );
    });

    test("bad input on the forms: the reason is shown, nothing is created or changed", async () => {
      const global = await admin("pages.checker@example.it", "userAdministrator");
      const users = (await listUsers(t.ctx.store.db, t.tenant.id)).length;
      const entries = await audited();
      const refused = await global.post("/admin/users", {
        userPrincipalName: "page.bad@example.it",
        mobilePhone: "333 1234567",
        enabled: "on",
      });
      assert.equal(refused.headers.location, "/admin/users?error=invalid_phone_number");
      const shown = await global.get("/admin/users?error=invalid_phone_number");
      assert.match(shown.body, /The phone number is not valid/);
      const taken = await global.post("/admin/users", {
        userPrincipalName: "PAGES.CHECKER@example.it",
      });
      assert.equal(taken.headers.location, "/admin/users?error=user_exists");
      assert.equal((await listUsers(t.ctx.store.db, t.tenant.id)).length, users);
      assert.equal(await audited(), entries);

      const target = await createSignInUser(t, "page.target@example.it");
      const before = await audited();
      const bad = await global.post(`/admin/users/${target.user.id}/profile`, {
        displayName: "Changed",
        mail: "not an address",
      });
      assert.equal(bad.headers.location, `/admin/users/${target.user.id}?error=invalid_mail`);
      assert.equal(
        (await findUserById(t.ctx.store.db, target.user.id))?.displayName,
        "page.target@example.it",
      );
      assert.equal(await audited(), before);
      assert.match(
        (await global.get(`/admin/users/${target.user.id}?error=invalid_mail&lang=it`)).body,
        /L&#39;indirizzo e-mail non è valido|L'indirizzo e-mail non è valido/,
      );
    });

    test("Delete user asks on a page of its own, then deletes; the last Global Administrator stays", async () => {
      const global = await admin("pages.deleter@example.it", "globalAdministrator");
      const target = await createSignInUser(t, "page.leaver@example.it");
      const asked = await global.get(`/admin/users/${target.user.id}/delete`);
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Delete page\.leaver@example\.it\?/);
      assert.match(asked.body, /method="post" action="\/admin\/users\/[^"]+\/delete"/);
      assert.match(asked.body, /name="_csrf"/);
      assert.ok(await findUserById(t.ctx.store.db, target.user.id), "asking deletes nothing");
      assert.match(
        (await global.get(`/admin/users/${target.user.id}/delete?lang=it`)).body,
        /Eliminare page\.leaver@example\.it\?/,
      );
      await global.get("/admin/users?lang=en");

      // A forged form (no token) is refused before anything is done.
      const forged = await global.browser.request({
        method: "POST",
        url: `/admin/users/${target.user.id}/delete`,
        headers: formHeaders,
        payload: "",
      });
      assert.equal(forged.statusCode, 403);
      assert.ok(await findUserById(t.ctx.store.db, target.user.id));

      const deleted = await global.post(`/admin/users/${target.user.id}/delete`);
      assert.equal(deleted.headers.location, "/admin/users?notice=user_deleted");
      assert.equal(await findUserById(t.ctx.store.db, target.user.id), undefined);
      assert.match(
        (await global.get("/admin/users?notice=user_deleted")).body,
        /The user has been deleted\./,
      );
      assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 1))[0]?.action, "Delete user");

      // Only Global Administrators so far: this test's and the first test's. Delete the other,
      // then this one is the last, and stays.
      const other = await byUpn("pages.global@example.it");
      if (other) await global.post(`/admin/users/${other.id}/delete`);
      const me = await byUpn("pages.deleter@example.it");
      assert.ok(me);
      const refused = await global.post(`/admin/users/${me.id}/delete`);
      assert.equal(
        refused.headers.location,
        `/admin/users/${me.id}?error=last_global_administrator`,
      );
      assert.ok(await findUserById(t.ctx.store.db, me.id));
    });

    test("roles: a helpdesk administrator sees no New user form and gets 403 for each action; a User Administrator cannot delete an administrator", async () => {
      const helpdesk = await admin("pages.helpdesk@example.it", "helpdeskAdministrator");
      const target = await createSignInUser(t, "page.kept@example.it");
      assert.doesNotMatch((await helpdesk.get("/admin/users")).body, /create-heading/);
      assert.doesNotMatch(
        (await helpdesk.get(`/admin/users/${target.user.id}`)).body,
        /edit-heading|\/delete"/,
      );
      const entries = await audited();
      assert.equal((await helpdesk.get(`/admin/users/${target.user.id}/delete`)).statusCode, 403);
      for (const [url, fields] of [
        ["/admin/users", { userPrincipalName: "page.never@example.it" }],
        [`/admin/users/${target.user.id}/profile`, { displayName: "Never" }],
        [`/admin/users/${target.user.id}/delete`, {}],
      ] as const) {
        const refused = await helpdesk.post(url, fields);
        assert.equal(refused.statusCode, 403, url);
      }
      assert.equal(await byUpn("page.never@example.it"), undefined);
      assert.equal(
        (await findUserById(t.ctx.store.db, target.user.id))?.displayName,
        "page.kept@example.it",
      );
      assert.equal(await audited(), entries);

      const userAdmin = await admin("pages.useradmin@example.it", "userAdministrator");
      const helpdeskUser = await byUpn("pages.helpdesk@example.it");
      assert.ok(helpdeskUser);
      assert.equal((await userAdmin.get(`/admin/users/${helpdeskUser.id}/delete`)).statusCode, 403);
      assert.equal(
        (await userAdmin.post(`/admin/users/${helpdeskUser.id}/delete`)).statusCode,
        403,
      );
      assert.ok(await findUserById(t.ctx.store.db, helpdeskUser.id));
      const gone = await userAdmin.post(`/admin/users/${target.user.id}/delete`);
      assert.equal(gone.headers.location, "/admin/users?notice=user_deleted");
    });
  });
}
