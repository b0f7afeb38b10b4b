import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { createAppPassword } from "../../src/methods/app-password/create-app-password.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import {
  allowAppPasswords,
  appPasswordLog,
  createOnPages,
  dumpDatabase,
  mailServer,
} from "./support.ts";

// App passwords: named passwords for programs that cannot do MFA,
// created and deleted on Security info, shown once, checked only by the validation endpoint.
for (const kind of databaseKinds) {
  describe(`app passwords on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let mail: Awaited<ReturnType<typeof mailServer>>;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      mail = await mailServer(t, server);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("off by default: no section, no page, and the endpoint rejects", async () => {
      assert.equal(t.tenant.policy.appPasswordsAllowed, false);
      const u = await createSignInUser(t, `off.${kind}@scuola.example`);
      const pages = await signInToPages(t, server, u);
      const info = await pages.get("/security-info");
      assert.equal(info.statusCode, 200);
      assert.doesNotMatch(info.body, /App passwords|app-passwords/);
      assert.equal((await pages.get("/security-info/app-passwords/new")).statusCode, 404);
      const refused = await pages.post("/security-info/app-passwords/new", { name: "Mail" });
      assert.equal(refused.statusCode, 404);
      await assert.rejects(
        createAppPassword(t.ctx, testActor, t.tenant, u.user, { name: "Mail" }),
        { code: "app_passwords_not_allowed" },
      );
      // One made while they were allowed stops working when the tenant turns them off.
      await allowAppPasswords(t, true);
      const password = await createOnPages(pages, "Mail");
      assert.equal(await mail.result(u.upn, password), "accept");
      await allowAppPasswords(t, false);
      assert.equal(await mail.result(u.upn, password), "reject");
      assert.doesNotMatch((await pages.get("/security-info")).body, /App passwords/);
      const log = await appPasswordLog(t, u.upn);
      assert.deepEqual(
        log.map((entry) => entry.reason),
        ["success", "app_passwords_not_allowed"],
      );
    });

    test("created with a name, shown once grouped, listed without it, deleted", async () => {
      await allowAppPasswords(t, true);
      const u = await createSignInUser(t, `create.${kind}@scuola.example`);
      const pages = await signInToPages(t, server, u);
      const info = await pages.get("/security-info");
      assert.match(info.body, /App passwords/);
      assert.match(info.body, /You have no app password/);
      const created = await pages.post("/security-info/app-passwords/new", {
        name: "Thunderbird at home",
      });
      assert.equal(created.statusCode, 200);
      assert.equal(created.headers["cache-control"], "no-store");
      const password = /<code class="app-password"[^>]*>([a-z ]+)<\/code>/.exec(created.body)?.[1];
      assert.ok(password);
      assert.match(password, /^[a-z]{4}( [a-z]{4}){4}$/, "20 letters in groups of four");
      const plain = password.replaceAll(" ", "");

      const listed = (await pages.get("/security-info")).body;
      assert.match(listed, /Thunderbird at home/);
      assert.ok(!listed.includes(plain) && !listed.includes(password), "never shown again");
      assert.match(listed, /Never/);

      // Typed with or without the spaces, or capitalised by a phone's keyboard.
      assert.equal(await mail.result(u.upn, password), "accept");
      assert.equal(await mail.result(u.upn, plain), "accept");
      assert.equal(
        await mail.result(u.upn.toUpperCase(), `${plain[0]?.toUpperCase()}${plain.slice(1)}`),
        "accept",
      );
      const wrong = `${plain.slice(0, -1)}${plain.endsWith("a") ? "b" : "a"}`;
      assert.equal(await mail.result(u.upn, wrong), "reject", "one letter off");
      assert.doesNotMatch((await pages.get("/security-info")).body, /<td class="date">Never/);

      // The name is the user's once, in any case; 1 to 40 characters.
      const again = await pages.post("/security-info/app-passwords/new", {
        name: "THUNDERBIRD AT HOME",
      });
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /an app password with this name already/);
      const long = await pages.post("/security-info/app-passwords/new", { name: "x".repeat(41) });
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /1 to 40 characters/);
      const blank = await pages.post("/security-info/app-passwords/new", { name: "   " });
      assert.equal(blank.statusCode, 400);

      const [row] = await t.ctx.store.db
        .selectFrom("app_passwords")
        .select(["id", "last_used_at"])
        .where("user_id", "=", u.user.id)
        .execute();
      assert.ok(row?.last_used_at, "last used is recorded");
      const ask = await pages.get(`/security-info/app-passwords/${row.id}/remove`);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /Delete the app password Thunderbird at home\?/);
      const removed = await pages.post(`/security-info/app-passwords/${row.id}/remove`);
      assert.deepEqual(
        [removed.statusCode, removed.headers.location],
        [303, "/security-info?notice=app_password_removed"],
      );
      assert.equal(await mail.result(u.upn, password), "reject");
      const gone = await pages.post(`/security-info/app-passwords/${row.id}/remove`);
      assert.equal(gone.statusCode, 404);

      const audit = await t.ctx.store.db
        .selectFrom("audit_log")
        .select(["action", "details_json", "actor_type"])
        .where("target_id", "=", row.id)
        .orderBy("seq")
        .execute();
      assert.deepEqual(
        audit.map((entry) => [entry.action, entry.actor_type]),
        [
          ["Create app password", "user"],
          ["Delete app password", "user"],
        ],
      );
      for (const entry of audit) assert.ok(!String(entry.details_json).includes(plain));
    });

    test("Italian pages", async () => {
      await allowAppPasswords(t, true);
      const u = await createSignInUser(t, `italiano.${kind}@scuola.example`);
      const pages = await signInToPages(t, server, u);
      const info = await pages.browser.request({
        url: "/security-info?lang=it",
        headers: { "accept-language": "it" },
      });
      assert.match(info.body, /Password dell&#39;app|Password dell'app/);
      const form = await pages.browser.request({
        url: "/security-info/app-passwords/new?lang=it",
        headers: { "accept-language": "it" },
      });
      assert.match(form.body, /Crea una password dell/);
    });

    test("at most 40 per user", async () => {
      await allowAppPasswords(t, true);
      const tenant = await findTenant(t.ctx);
      const u = await createSignInUser(t, `forty.${kind}@scuola.example`);
      for (let i = 1; i <= 40; i++)
        await createAppPassword(t.ctx, testActor, tenant, u.user, { name: `Device ${i}` });
      await assert.rejects(
        createAppPassword(t.ctx, testActor, tenant, u.user, { name: "Device 41" }),
        { code: "too_many_app_passwords" },
      );
      const pages = await signInToPages(t, server, u);
      const refused = await pages.post("/security-info/app-passwords/new", { name: "One more" });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /the most app passwords allowed \(40\)/);
    });

    test("never accepted on the sign-in pages or the sign-in API", async () => {
      await allowAppPasswords(t, true);
      const u = await createSignInUser(t, `pages.${kind}@scuola.example`);
      const pages = await signInToPages(t, server, u);
      const password = await createOnPages(pages, "Phone");
      for (const typed of [password, password.replaceAll(" ", "")]) {
        const tried = await server.inject({
          method: "POST",
          url: "/api/v1/sign-in",
          payload: { upn: u.upn, password: typed },
        });
        assert.equal(tried.statusCode, 401, tried.body);
      }
      // And the user's own password is no app password.
      assert.equal(await mail.result(u.upn, testPassword), "reject");
    });

    test("kept only as a keyed hash: a dump holds no app password", async () => {
      await allowAppPasswords(t, true);
      const u = await createSignInUser(t, `dump.${kind}@scuola.example`);
      const pages = await signInToPages(t, server, u);
      const password = await createOnPages(pages, "Dumped");
      assert.equal(await mail.result(u.upn, password), "accept");
      const dump = await dumpDatabase(t);
      assert.ok(dump.includes(Buffer.from("Dumped")), "the dump is readable");
      for (const form of [password, password.replaceAll(" ", "")])
        assert.equal(dump.includes(Buffer.from(form)), false);
    });
  });
}
