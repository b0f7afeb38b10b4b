import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { failureWindowMs } from "../../src/lockout/failure-throttle.ts";
import { createAppPassword } from "../../src/methods/app-password/create-app-password.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { allowAppPasswords, appPasswordLog, mailServer } from "../app-passwords/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// App passwords are throttled like passwords (counted before anything is
// checked): 10 attempts per UPN, known or not, and the tenant's passwordAttemptsPerAddress per
// client address, in 15 minutes; a throttled attempt is refused unchecked, even with the right
// app password, and written to the sign-in log as `throttled`.
for (const kind of databaseKinds) {
  describe(`app passwords are throttled on ${kind}`, () => {
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
      const { password } = await createAppPassword(
        t.ctx,
        testActor,
        await findTenant(t.ctx),
        u.user,
        {
          name: "Mail",
        },
      );
      return { u, password };
    };

    test("per UPN: after 10 failures even the right one is refused, until the window ends", async () => {
      const { u, password } = await withAppPassword("per-upn");
      for (let i = 0; i < 10; i++) assert.equal(await mail.result(u.upn, `guess ${i}`), "reject");
      assert.equal(await mail.result(u.upn, password), "reject");
      const log = await appPasswordLog(t, u.upn);
      assert.deepEqual(
        log.map((entry) => entry.reason),
        [...Array(10).fill("invalid_app_password"), "throttled"],
      );
      // The sign-in pages count on their own: the user still signs in there.
      const pages = await signInToPages(t, server, u);
      assert.equal((await pages.get("/security-info")).statusCode, 200);
      t.clock.advance(failureWindowMs + 1000);
      assert.equal(await mail.result(u.upn, password), "accept");
      // A right one starts the count afresh.
      for (let i = 0; i < 9; i++) await mail.result(u.upn, `again ${i}`);
      assert.equal(await mail.result(u.upn, password), "accept");
    });

    test("an unknown UPN is throttled alike: the limit tells no one the UPN exists", async () => {
      const upn = `nobody.${kind}@scuola.example`;
      for (let i = 0; i < 11; i++) await mail.result(upn, `guess ${i}`);
      const log = await appPasswordLog(t, upn);
      assert.deepEqual(
        log.map((entry) => entry.reason),
        [...Array(10).fill("user_not_found"), "throttled"],
      );
    });

    test("20 guesses at once: no more than 10 are checked", async () => {
      const { u } = await withAppPassword("race");
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => mail.result(u.upn, `guess ${i}`)),
      );
      assert.ok(answers.every((answer) => answer === "reject"));
      const reasons = (await appPasswordLog(t, u.upn)).map((entry) => entry.reason);
      assert.equal(reasons.filter((reason) => reason === "invalid_app_password").length, 10);
      assert.equal(reasons.filter((reason) => reason === "throttled").length, 10);
    });

    test("per address: one address guessing many UPNs is stopped; the mail client's address counts", async () => {
      t.clock.advance(failureWindowMs + 1000);
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        passwordAttemptsPerAddress: 10,
      });
      const { u, password } = await withAppPassword("per-address");
      const attacker = { clientIp: "203.0.113.7" };
      for (let i = 0; i < 10; i++)
        await mail.result(`user${i}.${kind}@scuola.example`, "abcd efgh ijkl mnop qrst", attacker);
      assert.equal(await mail.result(u.upn, password, attacker), "reject");
      assert.equal(await mail.result(u.upn, password, { clientIp: "198.51.100.20" }), "accept");
      const log = await appPasswordLog(t, u.upn);
      assert.deepEqual(
        log.map((entry) => [entry.reason, entry.ip, entry.client]),
        [
          ["throttled", "203.0.113.7", "imap"],
          ["success", "198.51.100.20", "imap"],
        ],
      );
      const bad = await mail.check({ upn: u.upn, password, clientIp: "not-an-address" });
      assert.equal(bad.status, 400);
    });
  });
}
