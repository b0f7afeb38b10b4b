import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listTenantDomains } from "../../src/store/queries/tenant-domains.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// /admin/domains: a Global Administrator adds and removes the tenant's domains from the page,
// through the same functions as the CLI and the API; a refusal is shown in words and changes
// nothing; removing asks first; other roles see no entry and are refused.

for (const kind of databaseKinds) {
  describe(`the domains admin page on ${kind}`, () => {
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
    const domainsNow = async () =>
      (await listTenantDomains(t.ctx.store.db, t.tenant.id)).map((row) => row.name);

    test("add a domain, refuse a bad or taken one in words, remove one after confirming", async () => {
      const other = await createTenant(t.ctx, testActor, {
        name: "elsewhere",
        displayName: "Altro",
      });
      await addTenantDomain(t.ctx, testActor, other, "altro.example.it");
      const admin = await signedInAs("domains.admin@example.it", "globalAdministrator");

      const empty = await admin.get("/admin/domains");
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /<a href="\/admin\/domains">Domains<\/a>/, "in the admin menu");
      assert.match(empty.body, /The tenant has no domain yet/);

      const added = await admin.post("/admin/domains", { name: " Scuola.Example.IT " });
      assert.equal(added.statusCode, 303);
      assert.equal(added.headers.location, "/admin/domains?notice=domain_added");
      const list = await admin.get("/admin/domains?notice=domain_added");
      assert.match(list.body, /The domain has been added/);
      assert.match(list.body, /scuola\.<wbr>example\.<wbr>it/, "listed, breakable at its dots");
      assert.deepEqual(await domainsNow(), ["scuola.example.it"]);

      const bad = await admin.post("/admin/domains?lang=it", { name: "not a domain" });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Il dominio non è valido: serve un nome DNS come scuola\.it\./);
      assert.match(bad.body, /value="not a domain"/, "the typed name is kept");
      assert.match(bad.body, /aria-invalid="true"/);
      for (const taken of ["altro.example.it", "scuola.example.it"]) {
        // The language chosen stays with the browser: back to English.
        const refused = await admin.post("/admin/domains?lang=en", { name: taken });
        assert.equal(refused.statusCode, 409, taken);
        assert.match(refused.body, /This domain already belongs to a tenant\./);
      }
      assert.deepEqual(await domainsNow(), ["scuola.example.it"], "nothing changed");
      assert.deepEqual(
        (await listTenantDomains(t.ctx.store.db, other.id)).map((row) => row.name),
        ["altro.example.it"],
        "the other tenant keeps its domain",
      );

      const confirmPath = "/admin/domains/scuola.example.it/remove";
      assert.match(list.body, new RegExp(`<a [^>]*href="${confirmPath}"`));
      assert.doesNotMatch(list.body, new RegExp(`action="${confirmPath}"`), "the list only links");
      const ask = await admin.get(`${confirmPath}?lang=it`);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /<h1>Rimuovere il dominio scuola\.example\.it\?<\/h1>/);
      assert.match(ask.body, new RegExp(`<form method="post" action="${confirmPath}"`));
      assert.match(ask.body, /href="\/admin\/domains">Annulla</);
      assert.deepEqual(await domainsNow(), ["scuola.example.it"], "asking removes nothing");
      // Another tenant's domain has nothing to ask, and cannot be removed from here.
      const foreign = await admin.get("/admin/domains/altro.example.it/remove?lang=en");
      assert.equal(foreign.statusCode, 404);
      assert.match(foreign.body, /The tenant has no such domain\./);
      const foreignPost = await admin.post("/admin/domains/altro.example.it/remove");
      assert.equal(foreignPost.statusCode, 404);
      assert.equal((await listTenantDomains(t.ctx.store.db, other.id)).length, 1);

      const removed = await admin.post(confirmPath);
      assert.equal(removed.statusCode, 303);
      assert.equal(removed.headers.location, "/admin/domains?notice=domain_removed");
      assert.deepEqual(await domainsNow(), []);
      const again = await admin.post(confirmPath);
      assert.equal(again.statusCode, 404);
      assert.match(again.body, /The tenant has no such domain\./);

      const audit = await listAudit(t.ctx.store.db, t.tenant.id, 50);
      const entries = audit.filter((e) => e.target_id === "scuola.example.it").map((e) => e.action);
      assert.deepEqual(entries.sort(), ["Add domain", "Remove domain"], "each change is audited");
    });

    test("without the CSRF token the forms are refused and change nothing", async () => {
      const admin = await signedInAs("domains.csrf@example.it", "globalAdministrator");
      await admin.post("/admin/domains", { name: "csrf.example.it" });
      for (const url of ["/admin/domains", "/admin/domains/csrf.example.it/remove"]) {
        const forged = await admin.browser.request({
          method: "POST",
          url,
          headers: formHeaders,
          payload: new URLSearchParams({ name: "forged.example.it" }).toString(),
        });
        assert.equal(forged.statusCode, 403, url);
        assert.match(forged.body, /form has expired/);
      }
      assert.deepEqual(await domainsNow(), ["csrf.example.it"]);
    });

    test("the same domain added twice at once: one is added, the other is told it is taken", async () => {
      const admin = await signedInAs("domains.race@example.it", "globalAdministrator");
      const answers = await Promise.all(
        [1, 2].map(() => admin.post("/admin/domains?lang=en", { name: "race.example.it" })),
      );
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [303, 409]);
      assert.match(answers.find((a) => a.statusCode === 409)?.body ?? "", /already belongs/);
      const rows = await listTenantDomains(t.ctx.store.db, t.tenant.id);
      assert.equal(rows.filter((row) => row.name === "race.example.it").length, 1);
    });

    test("a Helpdesk Administrator sees no Domains entry and is refused the page and its forms", async () => {
      const helpdesk = await signedInAs("domains.helpdesk@example.it", "helpdeskAdministrator");
      const users = await helpdesk.get("/admin/users");
      assert.equal(users.statusCode, 200);
      assert.doesNotMatch(users.body, /href="\/admin\/domains"/);
      for (const url of ["/admin/domains", "/admin/domains/csrf.example.it/remove"]) {
        assert.equal((await helpdesk.get(url)).statusCode, 403, url);
      }
      const before = await domainsNow();
      assert.equal(
        (await helpdesk.post("/admin/domains", { name: "h.example.it" })).statusCode,
        403,
      );
      const removal = await helpdesk.post("/admin/domains/csrf.example.it/remove");
      assert.equal(removal.statusCode, 403);
      assert.deepEqual(await domainsNow(), before);
    });
  });
}
