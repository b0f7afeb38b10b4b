import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { reportFraud, signInWithPassword } from "../support/sign-in-events.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// An administrator's password reset once left the user's live sessions working (its API summary
// said they end) and could not ask for a new password at the next sign-in; accountEnabled read
// false for a fraud block that had already ended.

const passwordMethod = "28c10230-6103-485e-b985-444c60001490";

for (const kind of databaseKinds) {
  describe(`account state after an administrator's reset or a block's end, on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let admin: AdminClient;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        rememberDeviceDays: 30,
      });
      admin = await adminClient(t, server, ["globalAdministrator"]);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    /** A browser signed in through the JSON API with a code, this browser remembered. */
    async function signedInBrowser(u: SignInUser, password = testPassword) {
      const browser = browserLike(server);
      const start = await browser.json("POST", "/api/v1/sign-in", { upn: u.upn, password });
      assert.equal(start.json().state, "second_factor", start.body);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const done = await browser.json("POST", "/api/v1/sign-in/second-factor", {
        code,
        rememberDevice: true,
      });
      assert.equal(done.json().state, "signed_in", done.body);
      t.clock.advance(30_000);
      assert.equal((await browser.json("GET", "/api/v1/me")).statusCode, 200);
      return browser;
    }

    for (const [way, reset] of [
      [
        "resetPassword",
        (u: SignInUser, password: string) =>
          admin.call(
            "POST",
            `/api/v1/users/${u.user.id}/authentication/passwordMethods/${passwordMethod}/resetPassword`,
            { newPassword: password },
          ),
      ],
      [
        "PATCH passwordProfile",
        (u: SignInUser, password: string) =>
          admin.call("PATCH", `/api/v1/users/${u.user.id}`, { passwordProfile: { password } }),
      ],
    ] as const) {
      test(`a reset (${way}) ends every session and remembered device of the user`, async () => {
        const u = await createSignInUser(t, `reset-${way.replace(/\W/g, "")}@example.it`);
        const browser = await signedInBrowser(u);
        const other = await signedInBrowser(u);
        assert.ok(browser.jar.has("varco_device"), "this browser is remembered");

        const newPassword = "a brand new passphrase";
        const answer = await reset(u, newPassword);
        assert.ok([200, 202].includes(answer.status), answer.body);

        for (const signedIn of [browser, other]) {
          assert.equal(
            (await signedIn.json("GET", "/api/v1/me")).statusCode,
            401,
            "the old session cookie is signed out",
          );
        }
        // The browser it remembered is asked for a second factor again, and then no new password.
        const again = await browser.json("POST", "/api/v1/sign-in", {
          upn: u.upn,
          password: newPassword,
        });
        assert.equal(again.json().state, "second_factor", again.body);
        const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
        const done = await browser.json("POST", "/api/v1/sign-in/second-factor", { code });
        assert.equal(done.json().state, "signed_in", done.body);

        const audit = (await listAudit(t.ctx.store.db, t.tenant.id, 50)).find(
          (e) => e.action === "Reset user password" && e.target_id === u.user.id,
        );
        assert.deepEqual(JSON.parse(audit?.details_json ?? "{}"), {
          upn: u.upn,
          sessionsRevoked: 2,
          rememberedDevicesRevoked: 2,
          signInsEnded: 0,
          forceChangePasswordNextSignIn: false,
        });
        t.clock.advance(30_000);
      });
    }

    test("a reset ends the sign-ins begun with the old password: the code proven after it starts no session", async () => {
      const u = await createSignInUser(t, "reset-mid-sign-in@example.it");
      const waiting = browserLike(server);
      const start = await waiting.json("POST", "/api/v1/sign-in", {
        upn: u.upn,
        password: testPassword,
      });
      assert.equal(start.json().state, "second_factor", start.body);

      const reset = await admin.call("PATCH", `/api/v1/users/${u.user.id}`, {
        passwordProfile: { password: "another new passphrase" },
      });
      assert.equal(reset.status, 200, reset.body);

      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const late = await waiting.json("POST", "/api/v1/sign-in/second-factor", { code });
      assert.equal(late.statusCode, 401, late.body);
      assert.deepEqual(late.json(), { state: "expired", reason: "timed_out" });
      assert.equal((await waiting.json("GET", "/api/v1/me")).statusCode, 401, "no session");
      const audit = (await listAudit(t.ctx.store.db, t.tenant.id, 50)).find(
        (e) => e.action === "Reset user password" && e.target_id === u.user.id,
      );
      assert.equal(JSON.parse(audit?.details_json ?? "{}").signInsEnded, 1);
      t.clock.advance(30_000);
    });

    test("forceChangePasswordNextSignIn: the next sign-in asks for a new password after MFA, and the flag clears once it is chosen", async () => {
      const u = await createSignInUser(t, "forced@example.it");
      const temporary = "temporary passphrase 1";
      const patched = await admin.call("PATCH", `/api/v1/users/${u.user.id}`, {
        passwordProfile: { password: temporary, forceChangePasswordNextSignIn: true },
      });
      assert.equal(patched.status, 200, patched.body);
      assert.deepEqual(patched.json().passwordProfile, { forceChangePasswordNextSignIn: true });

      const browser = browserLike(server);
      const start = await browser.json("POST", "/api/v1/sign-in", {
        upn: u.upn,
        password: temporary,
      });
      assert.equal(start.json().state, "second_factor", start.body);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const asked = await browser.json("POST", "/api/v1/sign-in/second-factor", { code });
      assert.deepEqual(asked.json(), { state: "change_password", reason: "administrator" });
      assert.equal((await browser.json("GET", "/api/v1/me")).statusCode, 401, "no session yet");

      const same = await browser.json("POST", "/api/v1/sign-in/change-password", {
        newPassword: temporary,
      });
      assert.deepEqual(same.json(), {
        state: "change_password",
        reason: "administrator",
        error: "invalid_password",
      });
      const chosen = "my own passphrase 22";
      const done = await browser.json("POST", "/api/v1/sign-in/change-password", {
        newPassword: chosen,
      });
      assert.equal(done.json().state, "signed_in", done.body);
      assert.equal((await browser.json("GET", "/api/v1/me")).statusCode, 200);

      const read = await admin.call("GET", `/api/v1/users/${u.user.id}`);
      assert.deepEqual(read.json().passwordProfile, { forceChangePasswordNextSignIn: false });
      // The change asked by an administrator is no risk remediated.
      const risky = await admin.call("GET", "/api/v1/identityProtection/riskyUsers");
      assert.ok(
        !(risky.json().value as { id: string }[]).some((r) => r.id === u.user.id),
        risky.body,
      );

      t.clock.advance(30_000);
      const next = browserLike(server);
      await next.json("POST", "/api/v1/sign-in", { upn: u.upn, password: chosen });
      const nextCode = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const signedIn = await next.json("POST", "/api/v1/sign-in/second-factor", { code: nextCode });
      assert.equal(signedIn.json().state, "signed_in", "no new password asked again");
    });

    test("a PATCH with both a block and a password, or a block without a reason, is refused and changes nothing", async () => {
      const u = await createSignInUser(t, "both@example.it");
      for (const body of [
        { accountEnabled: false, reason: "x", passwordProfile: { password: "another passphrase" } },
        { accountEnabled: false },
        {},
        { passwordProfile: { password: "another passphrase" }, reason: "x" },
      ]) {
        const answer = await admin.call("PATCH", `/api/v1/users/${u.user.id}`, body);
        assert.equal(answer.status, 400, `${JSON.stringify(body)}: ${answer.body}`);
      }
      const read = (await admin.call("GET", `/api/v1/users/${u.user.id}`)).json();
      assert.equal(read.accountEnabled, true);
      await signedInBrowser(u);
    });

    test("accountEnabled reads true once a fraud report's block has ended, in a read, a list and a $filter", async () => {
      const u = await createSignInUser(t, "fraud-ended@example.it");
      const client = { ip: "192.0.2.160", userAgent: "t" };
      const asked = await signInWithPassword(t.ctx, {
        tenant: t.tenant,
        upn: u.upn,
        password: testPassword,
        client,
      });
      assert.equal(asked.kind, "second_factor");
      if (asked.kind !== "second_factor") return;
      await reportFraud(t.ctx, { pendingToken: asked.pendingToken, client });

      const enabled = async () => {
        const one = (await admin.call("GET", `/api/v1/users/${u.user.id}`)).json();
        const filtered = async (value: boolean) => {
          const filter = encodeURIComponent(
            `accountEnabled eq ${value} and startswith(userPrincipalName,'fraud-ended')`,
          );
          const page = await admin.call("GET", `/api/v1/users?$filter=${filter}`);
          assert.equal(page.status, 200, page.body);
          return (page.json().value as { id: string }[]).map((v) => v.id);
        };
        return [one.accountEnabled, await filtered(true), await filtered(false)];
      };
      assert.deepEqual(await enabled(), [false, [], [u.user.id]], "blocked for 90 days");
      const early = await admin.call("PATCH", `/api/v1/users/${u.user.id}`, {
        accountEnabled: false,
        reason: "already",
      });
      assert.equal(early.status, 400, "already blocked");

      t.clock.advance(90 * 24 * 3600_000 + 1000);
      admin = await adminClient(t, server, ["globalAdministrator"]); // the old token has expired
      assert.deepEqual(await enabled(), [true, [u.user.id], []], "the block has ended");
      const lift = await admin.call("PATCH", `/api/v1/users/${u.user.id}`, {
        accountEnabled: true,
        reason: "nothing to lift",
      });
      assert.equal(lift.status, 400, "already enabled");
      const block = await admin.call("PATCH", `/api/v1/users/${u.user.id}`, {
        accountEnabled: false,
        reason: "blocked again by hand",
      });
      assert.equal(block.status, 200, block.body);
      assert.equal(block.json().accountEnabled, false);
    });
  });
}
