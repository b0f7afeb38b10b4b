import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { createAppPassword } from "../../src/methods/app-password/create-app-password.ts";
import { deleteAppPassword } from "../../src/methods/app-password/delete-app-password.ts";
import { allowAppPasswords, appPasswordLog, mailServer } from "../app-passwords/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// No oracle for app passwords: an unknown user, a wrong or deleted app password,
// another user's, the user's own password, a blocked user's, a tenant that no longer allows app
// passwords, too many attempts: the same status, headers and body; only the sign-in log, which
// a mail server never reads, tells them apart.
for (const kind of databaseKinds) {
  describe(`the app password endpoint gives an attacker no oracle on ${kind}`, () => {
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

    test("every kind of rejection has the same status, headers and body", async () => {
      const tenant = await findTenant(t.ctx);
      const known = await createSignInUser(t, `known.${kind}@scuola.example`);
      const other = await createSignInUser(t, `other.${kind}@scuola.example`);
      const blocked = await createSignInUser(t, `blocked.${kind}@scuola.example`);
      const throttled = await createSignInUser(t, `throttled.${kind}@scuola.example`);
      const make = async (user: typeof known, name: string) =>
        (await createAppPassword(t.ctx, testActor, tenant, user.user, { name })).password;
      const right = await make(known, "Mail");
      const deleted = await createAppPassword(t.ctx, testActor, tenant, known.user, {
        name: "Old",
      });
      await deleteAppPassword(t.ctx, testActor, known.user, deleted.appPassword.id);
      const others = await make(other, "Mail");
      const blockedRight = await make(blocked, "Mail");
      await setUserBlocked(t.ctx, testActor, blocked.user, { blocked: true, reason: "left" });
      const throttledRight = await make(throttled, "Mail");
      for (let i = 0; i < 10; i++) await mail.check({ upn: throttled.upn, password: `wrong ${i}` });
      assert.equal(await mail.result(known.upn, right), "accept");

      const cases: [string, string, string][] = [
        [`nobody.${kind}@scuola.example`, right, "user_not_found"],
        [known.upn, "abcd efgh ijkl mnop qrst", "invalid_app_password"],
        [known.upn, deleted.password, "invalid_app_password"],
        [known.upn, others, "invalid_app_password"],
        [known.upn, testPassword, "invalid_app_password"],
        [blocked.upn, blockedRight, "user_blocked"],
        [throttled.upn, throttledRight, "throttled"],
      ];
      const shapes = new Set<string>();
      const answer = async (upn: string, password: string) => {
        const response = await server.inject({
          method: "POST",
          url: "/api/v1/validate/app-password",
          headers: { authorization: `Bearer ${mail.key}` },
          payload: { upn, password },
        });
        const { date: _date, "x-request-id": _id, ...headers } = response.headers;
        return JSON.stringify([response.statusCode, headers, response.body]);
      };
      for (const [upn, password] of cases) shapes.add(await answer(upn, password));
      // And the right password of a user whose tenant has turned app passwords off.
      await allowAppPasswords(t, false);
      shapes.add(await answer(known.upn, right));
      assert.equal(shapes.size, 1, [...shapes].join("\n"));
      assert.equal(JSON.parse([...shapes][0] as string)[2], '{"result":"reject"}');

      const reasons = async (upn: string) =>
        (await appPasswordLog(t, upn)).map((entry) => entry.reason);
      assert.deepEqual(await reasons(known.upn), [
        "success",
        "invalid_app_password",
        "invalid_app_password",
        "invalid_app_password",
        "invalid_app_password",
        "app_passwords_not_allowed",
      ]);
      assert.deepEqual(await reasons(`nobody.${kind}@scuola.example`), ["user_not_found"]);
      assert.deepEqual(await reasons(blocked.upn), ["user_blocked"]);
      assert.deepEqual((await reasons(throttled.upn)).at(-1), "throttled");
      await allowAppPasswords(t, true);
    });
  });
}
