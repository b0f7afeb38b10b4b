import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { checkLocalPassword } from "../../src/directory/local-password.ts";
import { setPolicy, stable, startReset } from "../password-reset/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// "Forgot your password?" tells no account apart (an unknown, a blocked or a
// locked-out user walks the same pages as anyone, and gets nowhere), and it is throttled per user
// name and per address like a sign-in; the reset's own budget ends it after 5 wrong answers.
for (const kind of databaseKinds) {
  describe(`password reset: enumeration, throttling, blocked and locked out on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      await setPolicy(t, { passwordResetEnabledFor: "all" });
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    /** Every page of a reset up to the app's code, as the person sees it. */
    const walk = async (upn: string) => {
      const reset = await startReset(server, upn);
      const pages = [reset.started.statusCode, String(reset.started.headers.location)];
      for (const url of [
        "/password-reset/verify",
        "/password-reset/verify?method=authenticatorApp",
      ])
        pages.push(stable((await reset.get(url)).body));
      const wrong = await reset.post("/password-reset/verify", {
        method: "authenticatorApp",
        code: "000000",
      });
      pages.push(String(wrong.statusCode), stable(wrong.body));
      return { reset, pages };
    };

    test("a user, an unknown name, a blocked user: the same pages and answers", async () => {
      const u = await createSignInUser(t, `enum.${kind}@scuola.example`);
      const blocked = await createSignInUser(t, `blocked.${kind}@scuola.example`);
      await setUserBlocked(t.ctx, testActor, blocked.user, { blocked: true, reason: "test" });
      const known = await walk(u.upn);
      for (const upn of [`unknown.${kind}@scuola.example`, blocked.upn]) {
        assert.deepEqual((await walk(upn)).pages, known.pages, upn);
      }
      // The blocked user's right code proves nothing: a block is not reset away.
      const reset = await startReset(server, blocked.upn);
      t.clock.advance(30_000);
      const code = await oathtoolTotp(blocked.secret, { timeMs: t.clock.now() });
      const refused = await reset.post("/password-reset/verify", {
        method: "authenticatorApp",
        code,
      });
      assert.equal(refused.statusCode, 400);
      assert.equal(
        (await checkLocalPassword(t.ctx, t.tenant, blocked.upn, testPassword)).kind,
        "right",
      );
    });

    test("a locked-out user cannot reset their way out", async () => {
      const u = await createSignInUser(t, `locked.${kind}@scuola.example`);
      // Ten wrong codes lock the user (the tenant's lockout threshold), in resets of 5 each.
      for (let round = 0; round < 2; round++) {
        const reset = await startReset(server, u.upn);
        for (let i = 0; i < 5; i++)
          await reset.post("/password-reset/verify", {
            method: "authenticatorApp",
            code: "000000",
          });
      }
      const reset = await startReset(server, u.upn);
      t.clock.advance(30_000);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const refused = await reset.post("/password-reset/verify", {
        method: "authenticatorApp",
        code,
      });
      assert.equal(refused.statusCode, 400, "a locked-out user's right code is not checked");
    });

    test("starts are throttled per user name, known or not, with the same answer", async () => {
      const u = await createSignInUser(t, `throttle.${kind}@scuola.example`);
      for (const upn of [u.upn, `nobody.throttle.${kind}@scuola.example`]) {
        const answers: number[] = [];
        for (let i = 0; i < 6; i++)
          answers.push((await startReset(server, upn)).started.statusCode);
        assert.deepEqual(answers, [303, 303, 303, 303, 303, 429], upn);
      }
      t.clock.advance(16 * 60_000);
      assert.equal((await startReset(server, u.upn)).started.statusCode, 303, "the window passes");
    });
  });
}
