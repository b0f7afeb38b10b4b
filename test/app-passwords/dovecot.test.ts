import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { revokeAppPassword } from "../../src/methods/app-password/revoke-app-password.ts";
import { listAppPasswords } from "../../src/store/queries/app-passwords.ts";
import { databaseKinds } from "../support/databases.ts";
import {
  findDovecot,
  imapLogin,
  type PrivateDovecot,
  startPrivateDovecot,
} from "../support/dovecot.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { allowAppPasswords, appPasswordLog, createOnPages } from "./support.ts";

const found = findDovecot();

// App passwords proven with a real mail server: Debian's Dovecot, started here, checks IMAP
// passwords with contrib/dovecot/varco-checkpassword, which asks Varco's
// /api/v1/validate/app-password over HTTP, as the README tells administrators to set it up.
for (const kind of databaseKinds) {
  describe(`an IMAP server protected by app passwords, on ${kind}`, {
    skip: "missing" in found ? found.missing : false,
  }, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let imap: PrivateDovecot;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      await server.listen({ port: 0, host: "127.0.0.1" });
      const address = server.server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const { key } = await createApiKey(t.ctx, testActor, t.tenant, { name: "imap" });
      imap = await startPrivateDovecot("dovecot" in found ? found.dovecot : "", {
        url: `http://127.0.0.1:${port}`,
        apiKey: key,
      });
      await allowAppPasswords(t, true);
    });
    after(async () => {
      await imap?.destroy();
      await server.close();
      await t.close();
    });
    const login = async (user: string, password: string) =>
      imapLogin(imap.port, user, password).catch((error: Error) => {
        throw new Error(`${error.message}\n${imap.log()}`);
      });

    test("LOGIN with the app password succeeds; with the user's password it fails", async () => {
      const u = await createSignInUser(t, `imap.${kind}@scuola.example`);
      const password = await createOnPages(await signInToPages(t, server, u), "Thunderbird");
      assert.equal(await login(u.upn, password), "OK", imap.log());
      assert.equal(await login(u.upn, password.replaceAll(" ", "")), "OK");
      assert.equal(await login(u.upn, testPassword), "NO");
      assert.equal(await login(`nobody.${kind}@scuola.example`, password), "NO");
      const log = await appPasswordLog(t, u.upn);
      assert.deepEqual(
        log.map((entry) => [entry.result, entry.reason, entry.client, entry.ip]),
        [
          ["success", "success", "imap", "127.0.0.1"],
          ["success", "success", "imap", "127.0.0.1"],
          ["failure", "invalid_app_password", "imap", "127.0.0.1"],
        ],
        "each LOGIN on the record, with the mail client's address",
      );
      const [entry] = await listAppPasswords(t.ctx.store.db, u.user.id);
      assert.ok(entry?.lastUsedAt, "last used");
    });

    test("a revoked app password, or a blocked user's, fails", async () => {
      const u = await createSignInUser(t, `revoked.${kind}@scuola.example`);
      const pages = await signInToPages(t, server, u);
      const revoked = await createOnPages(pages, "Old phone");
      const kept = await createOnPages(pages, "Laptop");
      assert.equal(await login(u.upn, revoked), "OK");
      const entries = await listAppPasswords(t.ctx.store.db, u.user.id);
      const entry = entries.find((candidate) => candidate.name === "Old phone");
      assert.ok(entry);
      await revokeAppPassword(t.ctx, testActor, u.user, entry.id);
      assert.equal(await login(u.upn, revoked), "NO");
      assert.equal(await login(u.upn, kept), "OK");
      await setUserBlocked(t.ctx, testActor, u.user, { blocked: true, reason: "left the school" });
      assert.equal(await login(u.upn, kept), "NO");
    });

    test("Varco out of reach: a temporary failure, not a wrong password", async () => {
      const u = await createSignInUser(t, `reach.${kind}@scuola.example`);
      const password = await createOnPages(await signInToPages(t, server, u), "Tablet");
      await server.close();
      const answer = await login(u.upn, password);
      assert.notEqual(answer, "OK");
      assert.match(imap.log(), /Temporary|temporary|UNAVAILABLE|111/);
    });
  });
}
