import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listPasskeyCredentials } from "../../src/store/queries/passkeys.ts";
import { type AdminClient, adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { storePasskey } from "../support/stored-passkey.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// `users/{id}/authentication/fido2Methods` as Microsoft Graph has it: an administrator sees a
// user's passkeys and security keys (never a key's bytes), and removes one; the removal is
// audited in its transaction; a refused request changes nothing.

const yubikey = "cb69481e-8ff7-4039-93ec-0a2729a154a8";
const google = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";
const unnamed = "00000000-0000-0000-0000-000000000000";

for (const kind of databaseKinds) {
  describe(`the fido2Methods API on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let authAdmin: AdminClient;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      authAdmin = await adminClient(t, server, ["authenticationAdministrator"]);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("list, read, and in the methods list; Graph's fields and Varco's", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "chiavi@example.it" });
      const created = t.ctx.now();
      const key = await storePasskey(t, user, { name: "YubiKey blu", created_at: created });
      const synced = await storePasskey(t, user, {
        name: "Telefono",
        kind: "passkey",
        aaguid: google,
        device_type: "multiDevice",
        backed_up: 1,
        attestation_format: "none",
        created_at: created + 1000,
        last_used_at: created + 5000,
        cloned_at: created + 9000,
      });
      const other = await storePasskey(t, user, {
        name: "Sconosciuta",
        aaguid: unnamed,
        attestation_format: "none",
        created_at: created + 2000,
      });
      const base = `/api/v1/users/${encodeURIComponent(user.upn)}/authentication/fido2Methods`;
      const listed = await authAdmin.call("GET", base);
      assert.equal(listed.status, 200, listed.body);
      const value = listed.json().value as Record<string, unknown>[];
      assert.deepEqual(
        value.map((m) => m.id),
        [key.id, synced.id, other.id],
        "oldest first",
      );
      assert.deepEqual(value[0], {
        "@odata.type": "#microsoft.graph.fido2AuthenticationMethod",
        id: key.id,
        displayName: "YubiKey blu",
        createdDateTime: new Date(created).toISOString(),
        aaGuid: yubikey,
        model: "YubiKey 5 Series",
        attestationCertificates: [],
        attestationLevel: "attested",
        kind: "securityKey",
        lastUsedDateTime: null,
        possiblyClonedDateTime: null,
      });
      assert.deepEqual(value[1], {
        "@odata.type": "#microsoft.graph.fido2AuthenticationMethod",
        id: synced.id,
        displayName: "Telefono",
        createdDateTime: new Date(created + 1000).toISOString(),
        aaGuid: google,
        model: "Google Password Manager",
        attestationCertificates: [],
        attestationLevel: "notAttested",
        kind: "passkey",
        lastUsedDateTime: new Date(created + 5000).toISOString(),
        possiblyClonedDateTime: new Date(created + 9000).toISOString(),
      });
      assert.equal(value[2]?.model, null, "an AAGUID the list does not know");
      assert.doesNotMatch(listed.body, /pQECAyYgASFYIA/, "never the public key");
      assert.doesNotMatch(listed.body, new RegExp(key.credential_id), "nor the credential id");

      const one = await authAdmin.call("GET", `${base}/${synced.id}`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.json(), value[1]);

      const all = await authAdmin.call("GET", `/api/v1/users/${user.id}/authentication/methods`);
      assert.equal(all.status, 200, all.body);
      const fido2 = (all.json().value as Record<string, unknown>[]).filter(
        (m) => m["@odata.type"] === "#microsoft.graph.fido2AuthenticationMethod",
      );
      assert.deepEqual(fido2, value, "the same three, in the methods list");
    });

    test("delete: gone at once, audited in its transaction; a second delete is 404", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "rimuovi@example.it" });
      const key = await storePasskey(t, user, { name: "Chiave ufficio", cloned_at: t.ctx.now() });
      const kept = await storePasskey(t, user, { name: "Chiave casa" });
      const path = `/api/v1/users/${user.id}/authentication/fido2Methods/${key.id}`;
      const removed = await authAdmin.call("DELETE", path);
      assert.equal(removed.status, 204, removed.body);
      assert.deepEqual(
        (await listPasskeyCredentials(t.ctx.store.db, user.id)).map((row) => row.id),
        [kept.id],
      );
      const [entry] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.action, "Delete passkey");
      assert.equal(entry?.actor_type, "apiClient");
      assert.equal(entry?.target_id, key.id);
      assert.deepEqual(JSON.parse(entry?.details_json ?? "{}"), {
        upn: "rimuovi@example.it",
        name: "Chiave ufficio",
        kind: "securityKey",
        aaGuid: yubikey,
        model: "YubiKey 5 Series",
        possiblyCloned: true,
      });
      const again = await authAdmin.call("DELETE", path);
      assert.equal(again.status, 404);
      assert.equal((again.json().error as { code: string }).code, "passkey_not_found");
      const read = await authAdmin.call("GET", path);
      assert.equal((read.json().error as { code: string }).code, "passkey_not_found");
    });

    test("refused, changing nothing: another user's key, an unknown user, an administrator's key", async () => {
      const owner = await createUser(t.ctx, testActor, t.tenant, { upn: "owner@example.it" });
      const other = await createUser(t.ctx, testActor, t.tenant, { upn: "other@example.it" });
      const key = await storePasskey(t, owner);
      const admin = await createUser(t.ctx, testActor, t.tenant, { upn: "capo@example.it" });
      await assignRole(t.ctx, testActor, admin, "helpdeskAdministrator");
      const adminKey = await storePasskey(t, admin);
      const privileged = await adminClient(t, server, ["privilegedAuthenticationAdministrator"]);
      const audited = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length;
      const wrongUser = await authAdmin.call(
        "DELETE",
        `/api/v1/users/${other.id}/authentication/fido2Methods/${key.id}`,
      );
      assert.equal(wrongUser.status, 404);
      assert.equal((wrongUser.json().error as { code: string }).code, "passkey_not_found");
      const noUser = await authAdmin.call(
        "GET",
        "/api/v1/users/nobody@example.it/authentication/fido2Methods",
      );
      assert.equal((noUser.json().error as { code: string }).code, "user_not_found");

      // An Authentication Administrator does not reach an administrator's methods.
      const base = `/api/v1/users/${admin.id}/authentication/fido2Methods`;
      for (const [method, url] of [
        ["GET", base],
        ["GET", `${base}/${adminKey.id}`],
        ["DELETE", `${base}/${adminKey.id}`],
      ] as const) {
        const refused = await authAdmin.call(method, url);
        assert.equal(refused.status, 403, `${method} ${url}`);
        assert.equal((refused.json().error as { code: string }).code, "forbidden");
      }
      assert.equal((await privileged.call("GET", base)).status, 200);

      assert.equal((await listPasskeyCredentials(t.ctx.store.db, owner.id)).length, 1);
      assert.equal((await listPasskeyCredentials(t.ctx.store.db, admin.id)).length, 1);
      assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length, audited);
    });
  });
}
