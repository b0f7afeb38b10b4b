import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { secondFactorCounterKey } from "../../src/store/queries/lockouts.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { createPasskeyUser } from "../passkey/passkey-user.ts";
import { authenticator, passkeyServer } from "../passkey/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A passwordless sign-in names no user until its key is checked: an unknown key and a known
// key with a bad signature answer alike; failures are throttled like passwords; a blocked or
// locked-out user gets no further with a passkey than with a password.
for (const kind of databaseKinds) {
  describe(`passwordless sign-in: enumeration, throttling, blocked and locked on ${kind}`, () => {
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
    const passwordless = async (
      make: (options: never) => unknown,
      headers: Record<string, string> = {},
    ) => {
      const browser = browserLike(server, headers);
      const options = (
        await browser.json("POST", "/api/v1/sign-in/passwordless/options", {})
      ).json();
      return browser.json("POST", "/api/v1/sign-in/passwordless", {
        response: make(options.options as never),
      });
    };

    test("an unknown key and a known key with a bad signature get the same answer", async () => {
      const known = await createPasskeyUser(t, "known@scuola.example");
      const stranger = authenticator().create({
        challenge: "AAAA",
        rp: { id: "mfa.scuola.example", name: "x" },
        user: { id: "c3RyYW5nZXI", name: "s", displayName: "s" },
        pubKeyCredParams: [],
      } as never).credential;
      const unknown = await passwordless((o) => key.get(o, stranger));
      const forged = await passwordless((o) => {
        const r = key.get(o, known.credential);
        return {
          ...r,
          response: { ...r.response, signature: r.response.signature.replace(/^../, "AA") },
        };
      });
      assert.deepEqual([unknown.statusCode, unknown.body], [forged.statusCode, forged.body]);
      assert.deepEqual([unknown.statusCode, unknown.json()], [401, { state: "failed" }]);
      const reasons = (await listSignIns(t.ctx.store.db, t.tenant.id, 2)).map((e) => e.reason);
      assert.deepEqual(reasons, ["passkey_failed", "passkey_failed"]);
    });

    test("failures with one key are throttled like wrong passwords, unchecked past the limit", async () => {
      const { credential } = await createPasskeyUser(t, "throttled@scuola.example");
      const states: string[] = [];
      for (let i = 0; i < 11; i++) {
        const answer = await passwordless((o) => key.get(o, credential, { userVerified: false }));
        states.push(answer.json().state);
      }
      assert.deepEqual(states, [...Array(10).fill("failed"), "throttled"]);
      // Unchecked: even the right answer waits until the window is over.
      const right = await passwordless((o) => key.get(o, credential));
      assert.equal(right.json().state, "throttled");
    });

    test("a blocked user signs in with a passkey no more than with a password", async () => {
      const { user, credential } = await createPasskeyUser(t, "blocked@scuola.example");
      await setUserBlocked(t.ctx, testActor, user, { blocked: true, reason: "left the school" });
      const answer = await passwordless((o) => key.get(o, credential));
      assert.deepEqual([answer.statusCode, answer.json().state], [401, "failed"]);
      assert.equal((await listSignIns(t.ctx.store.db, t.tenant.id, 1))[0]?.reason, "user_blocked");
    });

    test("a locked-out user is told so, and no session starts", async () => {
      const { user, credential } = await createPasskeyUser(t, "locked@scuola.example");
      await t.ctx.store.db
        .insertInto("counters")
        .values({
          key: secondFactorCounterKey(user.id),
          value: 10,
          expires_at: t.clock.now() + 600_000,
        })
        .execute();
      const answer = await passwordless((o) => key.get(o, credential));
      assert.deepEqual([answer.statusCode, answer.json().state], [423, "locked"]);
    });
  });
}
