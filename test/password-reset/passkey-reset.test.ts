import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { FastifyInstance } from "fastify";
import { checkLocalPassword } from "../../src/directory/local-password.ts";
import { addPasskeyTo } from "../passkey/passkey-user.ts";
import { passkeyServer } from "../passkey/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp } from "../support/test-app.ts";
import { setPolicy, stable, startReset } from "./support.ts";

const newPassword = "le barche rientrano a Camogli";

type Reset = Awaited<ReturnType<typeof startReset>>;

/** What passkey.js does on the reset's passkey page: the options, with the page's CSRF token. */
const passkeyOptions = async (reset: Reset) => {
  const answer = await reset.browser.request({
    method: "POST",
    url: "/password-reset/passkey/options",
    headers: { "content-type": "application/json", accept: "application/json" },
    payload: JSON.stringify({ _csrf: reset.browser.jar.get("varco_csrf") ?? "" }),
  });
  assert.equal(answer.statusCode, 200, answer.body);
  return answer.json() as { ceremony: string; options: Parameters<Signer>[0] };
};
type Signer = Awaited<ReturnType<typeof addPasskeyTo>>["sign"];

/** …and the form it then sends with the browser's answer. */
const sendAnswer = (reset: Reset, response: AuthenticationResponseJSON) =>
  reset.post("/password-reset/passkey", { response: JSON.stringify(response) });

// A passkey or security key as one of two reset methods.
for (const kind of databaseKinds) {
  describe(`password reset with a passkey on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let n = 0;
    before(async () => {
      t = await openTestApp(kind);
      server = await passkeyServer(t);
      await setPolicy(t, {
        passwordResetEnabledFor: "all",
        passwordResetMethodsRequired: 2,
        passwordResetMethods: ["authenticatorApp", "passkey"],
      });
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    /** A user with an app and a passkey. */
    const person = async () => {
      n += 1;
      const u = await createSignInUser(t, `key${n}.${kind}@scuola.example`);
      const key = await addPasskeyTo(t, u.user);
      return { ...u, key };
    };
    const passwordIs = async (upn: string, password: string) =>
      (await checkLocalPassword(t.ctx, t.tenant, upn, password)).kind === "right";
    const appCode = async (secret: string) => {
      t.clock.advance(30_000);
      return oathtoolTotp(secret, { timeMs: t.clock.now() });
    };

    test("the passkey, then the app's code: a new password", async () => {
      const u = await person();
      const reset = await startReset(server, u.upn);
      const verify = await reset.get("/password-reset/verify");
      assert.match(verify.body, /Verification step 1 of 2/);
      assert.match(verify.body, /method=passkey/);
      assert.doesNotMatch(verify.body, /passkey\.js/, "no script where no passkey is asked for");
      const page = await reset.get("/password-reset/verify?method=passkey");
      assert.match(page.body, /data-passkey="\/password-reset\/passkey\/options"/);
      assert.match(page.body, /<script src="\/static\/passkey\.js"/);
      const { ceremony, options } = await passkeyOptions(reset);
      assert.equal(ceremony, "get");
      assert.deepEqual(options.allowCredentials, [], "the options name no key of anyone");
      assert.equal(options.userVerification, "required");
      const proven = await sendAnswer(reset, u.key.sign(options));
      assert.equal(proven.headers.location, "/password-reset/verify");
      const second = await reset.get("/password-reset/verify");
      assert.match(second.body, /Verification step 2 of 2/);
      assert.doesNotMatch(second.body, /method=passkey/, "a method proven is not offered again");
      const code = await appCode(u.secret);
      await reset.post("/password-reset/verify", { method: "authenticatorApp", code });
      const done = await reset.post("/password-reset/new-password", {
        newPassword,
        repeatedPassword: newPassword,
      });
      assert.equal(done.statusCode, 303);
      assert.ok(await passwordIs(u.upn, newPassword));
      const audit = await t.ctx.store.db
        .selectFrom("audit_log")
        .select("details_json")
        .where("action", "=", "Reset password (self-service)")
        .where("target_id", "=", u.user.id)
        .executeTakeFirstOrThrow();
      assert.match(String(audit.details_json), /"methods":\["passkey","authenticatorApp"\]/);
    });

    test("another user's key proves nothing, and one method is not enough", async () => {
      const u = await person();
      const other = await person();
      const reset = await startReset(server, u.upn);
      const { options } = await passkeyOptions(reset);
      const refused = await sendAnswer(reset, other.key.sign(options));
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /We could not verify you with that/);
      const code = await appCode(u.secret);
      await reset.post("/password-reset/verify", { method: "authenticatorApp", code });
      const early = await reset.post("/password-reset/new-password", {
        newPassword,
        repeatedPassword: newPassword,
      });
      assert.equal(early.headers.location, "/password-reset/verify");
      assert.ok(await passwordIs(u.upn, testPassword));
    });

    test("an answer replayed, in the same reset or another, proves nothing", async () => {
      const u = await person();
      const first = await startReset(server, u.upn);
      const { options } = await passkeyOptions(first);
      const answer = u.key.sign(options);
      assert.equal((await sendAnswer(first, answer)).statusCode, 303);
      // A second reset of the same user: the challenge was this reset's, and is spent.
      const second = await startReset(server, u.upn);
      await passkeyOptions(second);
      const replayed = await sendAnswer(second, answer);
      assert.equal(replayed.statusCode, 400);
      // The same answer twice at once in a third: one proves, the other finds its challenge spent.
      const third = await startReset(server, u.upn);
      const fresh = await passkeyOptions(third);
      const twice = u.key.sign(fresh.options);
      const raced = await Promise.all([sendAnswer(third, twice), sendAnswer(third, twice)]);
      assert.deepEqual(raced.map((r) => r.statusCode).sort(), [303, 400]);
      const rows = await t.ctx.store.db
        .selectFrom("password_resets")
        .select("proven_json")
        .where("user_id", "=", u.user.id)
        .execute();
      const proofs = rows.map(
        (r) =>
          (JSON.parse(r.proven_json) as { method: string }[]).filter((p) => p.method === "passkey")
            .length,
      );
      assert.deepEqual(
        proofs.sort(),
        [0, 1, 1],
        "the first reset and the third proved the key, once each; the second not at all",
      );
      assert.match((await second.get("/password-reset/verify")).body, /Verification step 1 of 2/);
    });

    test("an unknown name: the same pages and options, and a key fails as another user's does", async () => {
      const u = await person();
      const stranger = await person();
      const walk = async (upn: string) => {
        const reset = await startReset(server, upn);
        const pages = [
          stable((await reset.get("/password-reset/verify")).body),
          stable((await reset.get("/password-reset/verify?method=passkey")).body),
        ];
        const { ceremony, options } = await passkeyOptions(reset);
        const { challenge: _, ...shape } = options;
        const refused = await sendAnswer(reset, stranger.key.sign(options));
        pages.push(
          ceremony,
          JSON.stringify(shape),
          String(refused.statusCode),
          stable(refused.body),
        );
        return pages;
      };
      const known = await walk(u.upn);
      assert.deepEqual(await walk(`nobody${n}.${kind}@scuola.example`), known);
      // The key's own user, under a name that is not theirs: still nothing.
      const reset = await startReset(server, `nobody-else.${kind}@scuola.example`);
      const { options } = await passkeyOptions(reset);
      assert.equal((await sendAnswer(reset, u.key.sign(options))).statusCode, 400);
    });

    test("five wrong answers end the reset", async () => {
      const u = await person();
      const other = await person();
      const reset = await startReset(server, u.upn);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const { options } = await passkeyOptions(reset);
        statuses.push((await sendAnswer(reset, other.key.sign(options))).statusCode);
      }
      assert.deepEqual(statuses, [400, 400, 400, 400, 400, 410]);
      assert.equal((await reset.get("/password-reset/verify")).statusCode, 410);
    });
  });
}
