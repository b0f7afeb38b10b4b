import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { deleteUser } from "../../src/directory/delete-user.ts";
import { setPassword } from "../../src/directory/set-password.ts";
import { listAppPasswords } from "../../src/store/queries/app-passwords.ts";
import { adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { allowAppPasswords, appPasswordLog, createOnPages, mailServer } from "./support.ts";

const newPassword = "tramonto lento sul porto di Livorno";

// App passwords "stop working when the user is blocked, disabled, deleted, or resets
// the password", and when the tenant no longer allows them (app-passwords.test.ts).
for (const kind of databaseKinds) {
  describe(`app passwords stop working on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let mail: Awaited<ReturnType<typeof mailServer>>;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      mail = await mailServer(t, server);
      await allowAppPasswords(t, true);
    });
    after(async () => {
      await server.close();
      await t.close();
    });
    const withAppPassword = async (name: string) => {
      const u = await createSignInUser(t, `${name}.${kind}@scuola.example`);
      const pages = await signInToPages(t, server, u);
      const password = await createOnPages(pages, "Mail");
      assert.equal(await mail.result(u.upn, password), "accept");
      return { u, pages, password };
    };

    test("when the user is blocked, until unblocked", async () => {
      const { u, password } = await withAppPassword("blocked");
      const blocked = await setUserBlocked(t.ctx, testActor, u.user, {
        blocked: true,
        reason: "on leave",
      });
      assert.equal(await mail.result(u.upn, password), "reject");
      await setUserBlocked(t.ctx, testActor, blocked, { blocked: false, reason: "back" });
      assert.equal(await mail.result(u.upn, password), "accept");
      assert.deepEqual(
        (await appPasswordLog(t, u.upn)).map((entry) => entry.reason),
        ["success", "user_blocked", "success"],
      );
    });

    test("when an administrator disables the account (accountEnabled false)", async () => {
      const { u, password } = await withAppPassword("disabled");
      const admin = await adminClient(t, server, ["userAdministrator"]);
      const disabled = await admin.call("PATCH", `/api/v1/users/${u.user.id}`, {
        accountEnabled: false,
        reason: "left the school",
      });
      assert.equal(disabled.status, 200, disabled.body);
      assert.equal(await mail.result(u.upn, password), "reject");
    });

    test("when the user is deleted", async () => {
      const { u, password } = await withAppPassword("deleted");
      await deleteUser(t.ctx, testActor, u.user);
      assert.equal(await mail.result(u.upn, password), "reject");
      const rows = await t.ctx.store.db
        .selectFrom("app_passwords")
        .select("id")
        .where("user_id", "=", u.user.id)
        .execute();
      assert.deepEqual(rows, [], "deleted with the user");
    });

    test("when an administrator resets the password", async () => {
      const { u, password } = await withAppPassword("reset");
      await setPassword(t.ctx, testActor, u.user, newPassword);
      assert.equal(await mail.result(u.upn, password), "reject");
      assert.deepEqual(await listAppPasswords(t.ctx.store.db, u.user.id), []);
    });

    test("when the user changes their own password", async () => {
      const { u, pages, password } = await withAppPassword("change");
      const changed = await pages.post("/security-info/password", {
        currentPassword: testPassword,
        newPassword,
        repeatedPassword: newPassword,
      });
      assert.equal(changed.statusCode, 303);
      assert.equal(await mail.result(u.upn, password), "reject");
      assert.doesNotMatch(
        (await pages.get("/security-info")).body,
        /<th scope="row" class="label-cell">Mail/,
      );
    });
  });
}
