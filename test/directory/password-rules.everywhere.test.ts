import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { verifyPassword } from "../../src/crypto/password.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { findUser } from "../../src/directory/find-user.ts";
import { setPassword } from "../../src/directory/set-password.ts";
import { upnKey } from "../../src/directory/upn.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { setPasswordChangeRequired } from "../../src/store/queries/risk.ts";
import { findUserCredentials } from "../../src/store/queries/users.ts";
import { adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A guessable password is refused wherever a password is set — user creation, a reset
// by the CLI or the admin API, and the new password that high risk asks for at sign-in — and
// nothing changes.

const passwordMethodId = "28c10230-6103-485e-b985-444c60001490";

for (const kind of databaseKinds) {
  describe(`guessable passwords are refused everywhere on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      await server.ready();
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const storedHash = async (upn: string) =>
      (await findUserCredentials(t.ctx.store.db, t.tenant.id, upnKey(upn)))?.passwordHash ?? "";

    test("creating a user with one creates no user", async () => {
      await assert.rejects(
        createUser(t.ctx, testActor, t.tenant, { upn: "new@example.it", password: "password1" }),
        (e) => isVarcoError(e, "password_too_guessable"),
      );
      await assert.rejects(findUser(t.ctx, t.tenant, "new@example.it"), (e) =>
        isVarcoError(e, "user_not_found"),
      );
    });

    test("setting one keeps the old password", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, {
        upn: "giulia.verdi@example.it",
        password: testPassword,
      });
      for (const password of ["12345678", "giuliaverdi2024"]) {
        await assert.rejects(setPassword(t.ctx, testActor, user, password), (e) =>
          isVarcoError(e, "password_too_guessable"),
        );
      }
      assert.equal(await verifyPassword(await storedHash(user.upn), testPassword), true);
    });

    test("the admin API's reset answers 400 password_too_guessable and changes nothing", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, {
        upn: "reset@example.it",
        password: testPassword,
      });
      const admin = await adminClient(t, server, ["authenticationAdministrator"]);
      const url = `/api/v1/users/${user.id}/authentication/passwordMethods/${passwordMethodId}/resetPassword`;
      const refused = await admin.call("POST", url, { newPassword: "qwerty123" });
      assert.equal(refused.status, 400);
      const { error } = refused.json() as { error: { code: string; message: string } };
      assert.equal(error.code, "password_too_guessable");
      assert.match(error.message, /too common or too easy to guess/);
      assert.ok(!refused.body.includes("qwerty123"), "the answer never quotes the password");
      assert.equal(await verifyPassword(await storedHash(user.upn), testPassword), true);
      assert.equal((await admin.call("POST", url, { newPassword: "lampada viola 7" })).status, 202);
    });

    test("at sign-in, the new password high risk asks for says why it was refused, in Italian too", async () => {
      const u = await createSignInUser(t, "rischio@example.it");
      await setPasswordChangeRequired(t.ctx.store.db, u.user.id, t.clock.now());
      const browser = browserLike(server);
      await browser.json("POST", "/api/v1/sign-in", { upn: u.upn, password: testPassword });
      const change = await browser.json("POST", "/api/v1/sign-in/second-factor", {
        code: await oathtoolTotp(u.secret, { timeMs: t.clock.now() }),
      });
      assert.deepEqual(change.json(), { state: "change_password", reason: "risk" });
      const api = await browser.json("POST", "/api/v1/sign-in/change-password", {
        newPassword: "password123",
      });
      assert.deepEqual(api.json(), {
        state: "change_password",
        reason: "risk",
        error: "password_too_guessable",
      });

      const page = await browser.request({
        url: "/sign-in/change-password?lang=it",
        headers: { accept: "text/html" },
      });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
      const refused = await browser.request({
        method: "POST",
        url: "/sign-in/change-password",
        headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ _csrf: csrf, newPassword: "rischio2024" }).toString(),
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /troppo comune o facile da indovinare/);
      assert.doesNotMatch(refused.body, /rischio2024/);
      assert.equal(await verifyPassword(await storedHash(u.upn), testPassword), true);
    });
  });
}

describe("the CLI refuses a guessable password", () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "varco-cli-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  test("user create exits 1 naming password_too_guessable, without the password", async () => {
    const root = join(import.meta.dirname, "../..");
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("VARCO_")),
    );
    const { exitCode, stderr, stdout } = await new Promise<{
      exitCode: number;
      stderr: string;
      stdout: string;
    }>((resolve) => {
      const child = execFile(
        process.execPath,
        [join(root, "bin/varco.js"), "user", "create", "--upn", "a@b.it", "--password-stdin"],
        { cwd: root, env: { ...env, VARCO_DATA_DIR: dataDir }, timeout: 60_000 },
        (error, out, err) =>
          resolve({
            exitCode: typeof error?.code === "number" ? error.code : 0,
            stdout: out,
            stderr: err,
          }),
      );
      child.stdin?.end("iloveyou1\n");
    });
    assert.equal(exitCode, 1, stderr);
    assert.match(stderr, /^error: password_too_guessable\b/m);
    assert.doesNotMatch(stderr + stdout, /iloveyou1/);
  });
});
