import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { checkLocalPassword } from "../../src/directory/local-password.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp } from "../support/test-app.ts";

const newPassword = "tramonto lento sul porto di Livorno";

// Security info's "Change password" (seed 002 via issue 16): the current password first,
// throttled as at sign-in; the same rules as every password; sign out elsewhere if chosen.
for (const kind of databaseKinds) {
  describe(`changing one's own password on ${kind}`, () => {
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
    const change = (
      pages: Awaited<ReturnType<typeof signInToPages>>,
      fields: Record<string, string>,
    ) =>
      pages.post("/security-info/password", {
        currentPassword: testPassword,
        newPassword,
        repeatedPassword: newPassword,
        ...fields,
      });
    const passwordIs = async (upn: string, password: string) =>
      (await checkLocalPassword(t.ctx, t.tenant, upn, password)).kind === "right";

    test("refusals say why and change nothing", async () => {
      const u = await createSignInUser(t, `refusals.${kind}@scuola.example`);
      t.clock.advance(30_000);
      const pages = await signInToPages(t, server, u);
      assert.match((await pages.get("/security-info")).body, /href="\/security-info\/password"/);
      const cases: [Record<string, string>, number, RegExp][] = [
        [{ currentPassword: "not my password" }, 401, /The current password is not right/],
        [{ repeatedPassword: "something else entirely" }, 400, /are not the same/],
        [{ newPassword: testPassword, repeatedPassword: testPassword }, 400, /is the current one/],
        [{ newPassword: "password1", repeatedPassword: "password1" }, 400, /too common/],
        [{ newPassword: "short", repeatedPassword: "short" }, 400, /requirements/],
      ];
      for (const [fields, status, message] of cases) {
        const refused = await change(pages, fields);
        assert.equal(refused.statusCode, status, JSON.stringify(fields));
        assert.match(refused.body, message);
      }
      assert.ok(await passwordIs(u.upn, testPassword), "the password is unchanged");
    });

    test("a new password; with sign out elsewhere, the other sessions end, this one goes on", async () => {
      const u = await createSignInUser(t, `changes.${kind}@scuola.example`);
      t.clock.advance(30_000);
      const here = await signInToPages(t, server, u);
      t.clock.advance(30_000);
      const elsewhere = await signInToPages(t, server, u);
      const done = await change(here, { signOutElsewhere: "on" });
      assert.deepEqual(
        [done.statusCode, done.headers.location],
        [303, "/security-info?notice=password_changed"],
      );
      assert.ok(await passwordIs(u.upn, newPassword));
      assert.equal((await here.get("/security-info")).statusCode, 200, "this session goes on");
      assert.notEqual((await elsewhere.get("/security-info")).statusCode, 200, "that one ended");
      const [audit] = await t.ctx.store.db
        .selectFrom("audit_log")
        .select(["action", "details_json"])
        .where("action", "=", "Change password")
        .execute();
      assert.ok(audit);
      assert.doesNotMatch(
        String(audit.details_json),
        /tramonto|correct horse/,
        "no password in it",
      );
      assert.match(String(audit.details_json), /"sessionsRevoked":1/);
    });

    test("wrong current passwords are throttled like wrong passwords at sign-in", async () => {
      const u = await createSignInUser(t, `throttle.${kind}@scuola.example`);
      t.clock.advance(30_000);
      const pages = await signInToPages(t, server, u);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await change(pages, { currentPassword: `wrong ${i}` })).statusCode);
      assert.deepEqual(statuses.slice(-1), [429]);
      const right = await change(pages, {});
      assert.equal(right.statusCode, 429, "the right password waits too");
      assert.ok(await passwordIs(u.upn, testPassword));
    });
  });
}
