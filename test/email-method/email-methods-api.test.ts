import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/directory/create-user.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { findEmailMethod } from "../../src/store/queries/email-methods.ts";
import { adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { type EmailTestApp, openEmailTestApp } from "./support.ts";

const emailId = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f";

// `users/{id}/authentication/emailMethods` as Microsoft Graph has it: one address per user under
// Graph's fixed id, set by an administrator without a code, audited; the same roles as
// phoneMethods. And the user's admin page shows it masked, with Remove.
for (const kind of databaseKinds) {
  describe(`the emailMethods API on ${kind}`, () => {
    let app: EmailTestApp;
    before(async () => {
      app = await openEmailTestApp(kind);
    });
    after(() => app.close());

    const clientFor = (roles: readonly Role[]) => adminClient(app.t, app.server, roles);
    const errorOf = async (response: Promise<{ status: number; json(): unknown }>) => {
      const r = await response;
      return [r.status, (r.json() as { error: { code: string } }).error.code];
    };

    test("set by UPN without a code, read, listed among the methods, changed, deleted; audited", async () => {
      const admin = await clientFor(["authenticationAdministrator"]);
      const user = await createUser(app.ctx, testActor, app.t.tenant, {
        upn: "api.email@scuola.example.it",
        mail: "api.email@scuola.example.it",
      });
      const base = `/api/v1/users/${encodeURIComponent(user.upn)}/authentication/emailMethods`;
      assert.deepEqual((await admin.call("GET", base)).json(), { value: [] });
      const mailsBefore = app.received.length;
      const added = await admin.call("POST", base, { emailAddress: "Privata@Posta.example.org" });
      assert.equal(added.status, 201, added.body);
      assert.deepEqual(added.json(), {
        "@odata.type": "#microsoft.graph.emailAuthenticationMethod",
        id: emailId,
        emailAddress: "Privata@Posta.example.org",
      });
      assert.equal(app.received.length, mailsBefore, "an administrator's address needs no code");
      assert.equal(
        (await admin.call("GET", `${base}/${emailId}`)).json().emailAddress,
        "Privata@Posta.example.org",
      );
      assert.deepEqual(
        ((await admin.call("GET", base)).json().value as { id: string }[]).map((m) => m.id),
        [emailId],
      );
      const all = await admin.call("GET", base.replace(/emailMethods$/, "methods"));
      assert.deepEqual(
        (all.json().value as { "@odata.type": string }[]).filter(
          (m) => m["@odata.type"] === "#microsoft.graph.emailAuthenticationMethod",
        ),
        [added.json()],
      );

      assert.deepEqual(
        await errorOf(admin.call("POST", base, { emailAddress: "altra@posta.example.org" })),
        [409, "email_method_exists"],
      );
      for (const bad of [
        "senza-chiocciola",
        "due@@posta.example.org",
        "a b@posta.example.org",
        "x@posta",
        `${"a".repeat(65)}@posta.example.org`,
        `x@${"a".repeat(250)}.it`,
        "x@posta.example.org\u0007",
      ])
        assert.equal(
          (await admin.call("PATCH", `${base}/${emailId}`, { emailAddress: bad })).status,
          400,
          bad,
        );
      assert.deepEqual(
        await errorOf(admin.call("PATCH", `${base}/${emailId}`, { emailAddress: "x@posta" })),
        [400, "invalid_email_address"],
      );
      assert.equal(
        (await admin.call("POST", base, { emailAddress: "x@posta.example.org", extra: 1 })).status,
        400,
      );
      assert.deepEqual(
        await errorOf(admin.call("GET", `${base}/00000000-0000-0000-0000-000000000000`)),
        [404, "email_method_not_found"],
      );
      assert.equal(
        (await findEmailMethod(app.ctx.store.db, user.id))?.address,
        "Privata@Posta.example.org",
      );

      const patched = await admin.call("PATCH", `${base}/${emailId}`, {
        emailAddress: "nuova@posta.example.org",
      });
      assert.equal(patched.status, 204, patched.body);
      assert.equal(
        (await admin.call("GET", `${base}/${emailId}`)).json().emailAddress,
        "nuova@posta.example.org",
      );
      assert.equal((await admin.call("DELETE", `${base}/${emailId}`)).status, 204);
      assert.deepEqual(await errorOf(admin.call("GET", `${base}/${emailId}`)), [
        404,
        "email_method_not_found",
      ]);
      assert.deepEqual(await errorOf(admin.call("DELETE", `${base}/${emailId}`)), [
        404,
        "email_method_not_found",
      ]);
      assert.deepEqual(
        await errorOf(
          admin.call("PATCH", `${base}/${emailId}`, { emailAddress: "x@posta.example.org" }),
        ),
        [404, "email_method_not_found"],
      );

      const entries = (await listAudit(app.ctx.store.db, app.t.tenant.id, 10_000))
        .filter((a) => a.details_json.includes(user.upn) && a.action.endsWith("email method"))
        .reverse();
      assert.deepEqual(
        entries.map((a) => [a.action, a.actor_type]),
        [
          ["Add email method", "apiClient"],
          ["Update email method", "apiClient"],
          ["Delete email method", "apiClient"],
        ],
      );
      assert.match(entries[0]?.details_json ?? "", /P•••@P•••\.org/);
      // The directory's mail attribute is another thing, left as it was.
      const api = await admin.call("GET", `/api/v1/users/${user.id}`);
      assert.equal(api.json().mail, "api.email@scuola.example.it");
    });

    test("a Security Reader and a Helpdesk Administrator can neither read nor change it", async () => {
      const user = await createUser(app.ctx, testActor, app.t.tenant, {
        upn: "api.ruoli@scuola.example.it",
      });
      const base = `/api/v1/users/${user.id}/authentication/emailMethods`;
      for (const role of ["securityReader", "helpdeskAdministrator"] as const) {
        const client = await clientFor([role]);
        assert.equal((await client.call("GET", base)).status, 403, role);
        const add = await client.call("POST", base, { emailAddress: "x@posta.example.org" });
        assert.equal(add.status, 403, role);
      }
      assert.equal(await findEmailMethod(app.ctx.store.db, user.id), undefined);
    });

    test("the admin page shows it masked; an Authentication Administrator removes it after asking", async () => {
      const administrator = await clientFor(["authenticationAdministrator"]);
      const target = await createUser(app.ctx, testActor, app.t.tenant, {
        upn: "pagina.email@scuola.example.it",
      });
      await administrator.call("POST", `/api/v1/users/${target.id}/authentication/emailMethods`, {
        emailAddress: "segreta@posta.example.org",
      });
      const helperUser = await createSignInUser(app.t, "aiuto.email@scuola.example.it");
      await assignRole(app.ctx, testActor, helperUser.user, "authenticationAdministrator");
      const helper = await signInToPages(app.t, app.server, helperUser);
      const base = `/admin/users/${target.id}`;
      const page = await helper.get(`${base}?lang=en`);
      assert.match(page.body, /<h2 id="email-method-heading">E-mail for password reset<\/h2>/);
      assert.match(page.body, /s•••@p•••\.org/);
      assert.doesNotMatch(page.body, /segreta@/);
      assert.match(page.body, new RegExp(`href="${base}/email/remove"`));
      const ask = await helper.get(`${base}/email/remove`);
      assert.match(ask.body, /<h1>Remove the address s•••@p•••\.org\?<\/h1>/);
      assert.ok(await findEmailMethod(app.ctx.store.db, target.id), "asking removes nothing");
      const removed = await helper.post(`${base}/email/remove`);
      assert.equal(removed.headers.location, `${base}?notice=email_method_removed`);
      assert.equal(await findEmailMethod(app.ctx.store.db, target.id), undefined);
      const back = await helper.get(`${base}?notice=email_method_removed`);
      assert.match(back.body, /The e-mail for password reset has been removed\./);

      const readerUser = await createSignInUser(app.t, "lettore.email@scuola.example.it");
      await assignRole(app.ctx, testActor, readerUser.user, "securityReader");
      const reader = await signInToPages(app.t, app.server, readerUser);
      await administrator.call("POST", `/api/v1/users/${target.id}/authentication/emailMethods`, {
        emailAddress: "ancora@posta.example.org",
      });
      const readOnly = await reader.get(`${base}?lang=en`);
      assert.match(readOnly.body, /a•••@p•••\.org/);
      assert.doesNotMatch(readOnly.body, new RegExp(`href="${base}/email/remove"`));
      assert.equal((await reader.post(`${base}/email/remove`)).statusCode, 403);
      assert.ok(await findEmailMethod(app.ctx.store.db, target.id));
    });
  });
}
