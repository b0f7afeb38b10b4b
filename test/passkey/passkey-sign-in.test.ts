import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { listPasskeyCredentials } from "../../src/store/queries/passkeys.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { apiBrowser, authenticator, passkeyServer } from "./support.ts";

for (const kind of databaseKinds) {
  describe(`passkeys at sign-in on ${kind}`, () => {
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

    test("registered as method 1 of 1, then the second factor, then alone (passwordless)", async () => {
      await createUser(t.ctx, testActor, t.tenant, {
        upn: "ada@scuola.example",
        password: testPassword,
      });
      const browser = apiBrowser(server);
      const start = await browser.json("POST", "/api/v1/sign-in", {
        upn: "ada@scuola.example",
        password: testPassword,
      });
      assert.equal(start.json().state, "register");
      assert.equal(start.json().passkeyOffered, true);
      const created = await browser.json("POST", "/api/v1/sign-in/passkey/options", {});
      assert.equal(created.statusCode, 200, created.body);
      assert.equal(created.json().ceremony, "create");
      const key = authenticator("platform");
      const made = key.create(created.json().options);
      const registered = await browser.json("POST", "/api/v1/sign-in/register/passkey", {
        response: made.response,
        name: "Laptop",
      });
      assert.equal(registered.statusCode, 200, registered.body);
      assert.equal(registered.json().state, "signed_in", registered.body);
      assert.equal(registered.json().mfa, "registration");
      const stored = await listPasskeyCredentials(
        t.ctx.store.db,
        (
          await t.ctx.store.db
            .selectFrom("users")
            .select("id")
            .where("upn", "=", "ada@scuola.example")
            .executeTakeFirstOrThrow()
        ).id,
      );
      assert.deepEqual(
        stored.map((row) => [row.name, row.kind]),
        [["Laptop", "passkey"]],
      );

      // After the password, the passkey is the second factor.
      const second = apiBrowser(server);
      const again = await second.json("POST", "/api/v1/sign-in", {
        upn: "ada@scuola.example",
        password: testPassword,
      });
      assert.equal(again.json().state, "second_factor");
      assert.deepEqual(again.json().passkey, { count: 1, required: false });
      const get = await second.json("POST", "/api/v1/sign-in/passkey/options", {});
      assert.equal(get.json().ceremony, "get");
      const signed = await second.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(get.json().options, made.credential),
      });
      assert.equal(signed.json().state, "signed_in", signed.body);
      assert.equal(signed.json().mfa, "passkey");

      // Alone: no user name, no password.
      const third = apiBrowser(server);
      const options = await third.json("POST", "/api/v1/sign-in/passwordless/options", {});
      assert.equal(options.json().options.userVerification, "required");
      const alone = await third.json("POST", "/api/v1/sign-in/passwordless", {
        response: key.get(options.json().options, made.credential),
      });
      assert.equal(alone.json().state, "signed_in", alone.body);
      const log = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(log[0]?.first_factor, "passkey");
      assert.equal(log[0]?.method_kind, "passkey");
    });
  });
}
