import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { findPasskeyCredential } from "../../src/store/queries/passkeys.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { atSecondFactor, createPasskeyUser } from "../passkey/passkey-user.ts";
import { authenticator, passkeyServer } from "../passkey/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { softAuthenticator } from "../support/soft-authenticator.ts";
import { openTestApp, type TestApp } from "../support/test-app.ts";

// Invariant 1 for passkeys: a challenge is used once, by the sign-in (or browser) it was issued
// to, while it lives; the same answer sent many times at once starts one session.
for (const kind of databaseKinds) {
  describe(`passkeys: replay, races, binding on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await passkeyServer(t);
    });
    after(async () => {
      await server.close();
      await t.close();
    });
    const key = authenticator();
    const states = (responses: { json(): { state: string } }[]) =>
      responses.map((r) => r.json().state).sort();

    test("CSRF: the passkey operations take only application/json, and a refused post changes nothing", async () => {
      const challenges = async () =>
        (await t.ctx.store.db.selectFrom("webauthn_challenges").select("hash").execute()).length;
      const before = await challenges();
      for (const url of [
        "/api/v1/sign-in/passwordless/options",
        "/api/v1/sign-in/passwordless",
        "/api/v1/sign-in/passkey/options",
        "/api/v1/sign-in/passkey",
        "/api/v1/sign-in/register/passkey",
      ]) {
        const response = await server.inject({
          method: "POST",
          url,
          headers: { "content-type": "text/plain" },
          payload: "{}",
        });
        assert.deepEqual(
          [response.statusCode, response.json().error.code],
          [403, "csrf_failed"],
          url,
        );
      }
      assert.equal(await challenges(), before, "no challenge was issued");
    });

    test("one answer sent twenty times at once after the password starts one session", async () => {
      const { credential } = await createPasskeyUser(t, "race@scuola.example");
      const { browser, options } = await atSecondFactor(server, "race@scuola.example");
      const response = key.get(options, credential);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          browser.json("POST", "/api/v1/sign-in/passkey", { response }),
        ),
      );
      const signedIn = answers.filter((r) => r.json().state === "signed_in");
      assert.equal(signedIn.length, 1, JSON.stringify(states(answers)));
    });

    test("one passwordless answer sent twenty times at once starts one session; later, none", async () => {
      const { credential } = await createPasskeyUser(t, "alone@scuola.example");
      const browser = browserLike(server);
      const options = (
        await browser.json("POST", "/api/v1/sign-in/passwordless/options", {})
      ).json();
      const response = key.get(options.options, credential);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          browser.json("POST", "/api/v1/sign-in/passwordless", { response }),
        ),
      );
      assert.equal(answers.filter((r) => r.json().state === "signed_in").length, 1);
      const replay = await browser.json("POST", "/api/v1/sign-in/passwordless", { response });
      assert.deepEqual([replay.statusCode, replay.json().state], [401, "failed"]);
    });

    test("a challenge works only for the sign-in it was issued to, and only while it lives", async () => {
      const { credential } = await createPasskeyUser(t, "bound@scuola.example");
      const first = await atSecondFactor(server, "bound@scuola.example");
      const second = await atSecondFactor(server, "bound@scuola.example");
      // The answer to the first sign-in's challenge, given to the second sign-in.
      const crossed = await second.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(first.options, credential),
      });
      assert.deepEqual(
        [crossed.json().state, crossed.json().error],
        ["second_factor", "passkey_failed"],
      );
      // A passwordless challenge is not one for a sign-in after the password either.
      const other = browserLike(server);
      const loose = (await other.json("POST", "/api/v1/sign-in/passwordless/options", {})).json();
      const wrongPurpose = await second.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(loose.options, credential),
      });
      assert.equal(wrongPurpose.json().error, "passkey_failed");
      // Past its five minutes the challenge is gone.
      t.clock.advance(5 * 60_000 + 1);
      const late = await second.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(second.options, credential),
      });
      assert.equal(late.json().error, "passkey_failed");
      t.clock.advance(60_000);
    });

    test("an answer made on another site (a phishing page) or without user verification is refused", async () => {
      const { credential } = await createPasskeyUser(t, "phished@scuola.example");
      const elsewhere = softAuthenticator({ origin: "https://mfa.scuola.example.evil.test" });
      const phished = await atSecondFactor(server, "phished@scuola.example");
      const refused = await phished.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: elsewhere.get(phished.options, credential),
      });
      assert.equal(refused.json().error, "passkey_failed");
      const noUv = await phished.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(phished.options, credential, { userVerified: false }),
      });
      assert.equal(noUv.json().error, "passkey_failed");
      const browser = browserLike(server);
      const options = (
        await browser.json("POST", "/api/v1/sign-in/passwordless/options", {})
      ).json();
      const alone = await browser.json("POST", "/api/v1/sign-in/passwordless", {
        response: key.get(options.options, credential, { userVerified: false }),
      });
      assert.deepEqual([alone.statusCode, alone.json().state], [401, "failed"]);
    });

    test("a counter that goes back flags the key, the audit says so, and the sign-in is refused", async () => {
      const cloned = await createPasskeyUser(t, "cloned@scuola.example");
      const first = await atSecondFactor(server, "cloned@scuola.example");
      const ok = await first.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(first.options, cloned.credential, { counter: 10 }),
      });
      assert.equal(ok.json().state, "signed_in");
      const copy = await atSecondFactor(server, "cloned@scuola.example");
      const refused = await copy.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(copy.options, cloned.credential, { counter: 4 }),
      });
      assert.deepEqual(
        [refused.json().state, refused.json().error],
        ["second_factor", "passkey_failed"],
      );
      const row = await findPasskeyCredential(
        t.ctx.store.db,
        cloned.user.id,
        cloned.credentialRowId,
      );
      assert.ok(row?.cloned_at, "the key is flagged as possibly cloned");
      assert.equal(Number(row?.sign_count), 10, "the counter stays where it was");
      const audit = await t.ctx.store.db
        .selectFrom("audit_log")
        .select("action")
        .where("target_id", "=", cloned.credentialRowId)
        .execute();
      assert.ok(audit.some((a) => a.action === "Passkey possibly cloned"));
      const log = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(log[0]?.reason, "passkey_cloned");
      // Refused from then on, even with a counter that moves forward again.
      const later = await copy.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(
          (await copy.browser.json("POST", "/api/v1/sign-in/passkey/options", {})).json().options,
          cloned.credential,
          { counter: 50 },
        ),
      });
      assert.equal(later.json().error, "passkey_failed");
    });
  });
}
