import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createGroup } from "../../src/directory/create-group.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { setGroupMember } from "../../src/directory/set-group-member.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { rememberDevice } from "../../src/remembered-devices/remember-device.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { SignInStep } from "../../src/sign-in/types.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listRolesOf } from "../../src/store/queries/roles.ts";
import { findUserById, listUsers } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { giveSecondFactor, signInWithPassword } from "../support/sign-in-events.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

const client = { ip: "203.0.113.7", userAgent: "test-browser" };

/** The tables that hold something of a user, each a way back in after the user is deleted. */
const userTables = [
  "auth_methods",
  "backup_codes",
  "temporary_access_passes",
  "sessions",
  "remembered_devices",
  "pending_sign_ins",
  "group_members",
] as const;

for (const kind of databaseKinds) {
  describe(`users created, edited and deleted through the admin API on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let global: AdminClient;
    let userAdmin: AdminClient;
    let helpdesk: AdminClient;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      global = await adminClient(t, server, ["globalAdministrator"]);
      userAdmin = await adminClient(t, server, ["userAdministrator"]);
      helpdesk = await adminClient(t, server, ["helpdeskAdministrator"]);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const audited = async () => (await listAudit(t.ctx.store.db, t.tenant.id, 100_000)).length;
    const rowsOf = async (userId: string) =>
      Object.fromEntries(
        await Promise.all(
          userTables.map(async (table) => [
            table,
            (
              await t.ctx.store.db
                .selectFrom(table)
                .selectAll()
                .where("user_id", "=", userId)
                .execute()
            ).length,
          ]),
        ),
      ) as Record<(typeof userTables)[number], number>;
    const signInLogOf = async (userId: string) =>
      t.ctx.store.db.selectFrom("sign_in_log").selectAll().where("user_id", "=", userId).execute();

    /** Password and a code: a session. */
    const signIn = async (u: SignInUser) => {
      const tenant = await findTenant(t.ctx);
      const asked = await signInWithPassword(t.ctx, {
        tenant,
        upn: u.upn,
        password: testPassword,
        client,
      });
      assert.equal(asked.kind, "second_factor", JSON.stringify(asked));
      t.clock.advance(30_000);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const pendingToken = (asked as { pendingToken?: string }).pendingToken;
      return giveSecondFactor(t.ctx, {
        pendingToken,
        proof: { kind: "code", code },
        rememberDevice: true,
        client,
      });
    };
    /** Password only: a sign-in left waiting for its second factor. */
    const startSignIn = async (u: SignInUser) => {
      const asked = await signInWithPassword(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn: u.upn,
        password: testPassword,
        client,
      });
      assert.equal(asked.kind, "second_factor");
      return (asked as { pendingToken?: string }).pendingToken;
    };

    test("POST /users with every Graph property: 201 in Graph's shape, audited, read back", async () => {
      const created = await global.call("POST", "/api/v1/users", {
        userPrincipalName: "Anna.Rossi@example.it",
        displayName: "Anna Rossi",
        accountEnabled: false,
        passwordProfile: {
          password: "a long new password 42",
          forceChangePasswordNextSignIn: true,
        },
        mail: "anna.rossi@example.it",
        mobilePhone: "+39 333 1234567",
        department: "Anagrafe",
      });
      assert.equal(created.status, 201, created.body);
      const body = created.json();
      assert.deepEqual(
        {
          upn: body.userPrincipalName,
          displayName: body.displayName,
          accountEnabled: body.accountEnabled,
          mail: body.mail,
          mobilePhone: body.mobilePhone,
          department: body.department,
          passwordProfile: body.passwordProfile,
          roles: body.roles,
        },
        {
          upn: "Anna.Rossi@example.it",
          displayName: "Anna Rossi",
          accountEnabled: false,
          mail: "anna.rossi@example.it",
          mobilePhone: "+39 333 1234567",
          department: "Anagrafe",
          passwordProfile: { forceChangePasswordNextSignIn: true },
          roles: [],
        },
      );
      const read = await global.call("GET", "/api/v1/users/anna.rossi@example.it");
      assert.equal(read.json().id, body.id);
      assert.equal(read.json().mobilePhone, "+39 333 1234567");
      const entry = (await listAudit(t.ctx.store.db, t.tenant.id, 1))[0];
      assert.equal(entry?.action, "Add user");
      assert.match(entry?.details_json ?? "", /Anna\.Rossi@example\.it/);
      // Without a password, a user is created all the same (a Temporary Access Pass signs them in).
      const bare = await userAdmin.call("POST", "/api/v1/users", {
        userPrincipalName: "bare@example.it",
      });
      assert.equal(bare.status, 201, bare.body);
      assert.deepEqual(
        [bare.json().displayName, bare.json().accountEnabled, bare.json().mail],
        ["bare@example.it", true, null],
      );
    });

    test("bad input: a stable code, and no user and no audit entry", async () => {
      const base = { userPrincipalName: "bad.input@example.it", displayName: "Bad Input" };
      const cases: [object, number, string][] = [
        [{ ...base, userPrincipalName: "no-at-sign" }, 400, "invalid_upn"],
        [{ ...base, mail: "not an address" }, 400, "invalid_mail"],
        [{ ...base, mobilePhone: "333 1234567" }, 400, "invalid_phone_number"],
        [{ ...base, mobilePhone: "+39 333-123" }, 400, "invalid_phone_number"],
        [{ ...base, department: "x".repeat(65) }, 400, "invalid_request"],
        [{ ...base, passwordProfile: { password: "short" } }, 400, "invalid_password"],
        [{ ...base, mailNickname: "bad" }, 400, "invalid_request"],
        [{ ...base, userPrincipalName: "anna.rossi@EXAMPLE.it" }, 409, "user_exists"],
      ];
      for (const [body, status, code] of cases) {
        const users = (await listUsers(t.ctx.store.db, t.tenant.id)).length;
        const entries = await audited();
        const refused = await global.call("POST", "/api/v1/users", body);
        assert.equal(refused.status, status, `${JSON.stringify(body)}: ${refused.body}`);
        assert.equal((refused.json().error as { code: string }).code, code, JSON.stringify(body));
        assert.equal((await listUsers(t.ctx.store.db, t.tenant.id)).length, users);
        assert.equal(await audited(), entries);
      }
    });

    test("PATCH every property; one bad value changes none of the others; null clears", async () => {
      const u = await createSignInUser(t, "patch.me@example.it");
      const url = `/api/v1/users/${u.user.id}`;
      const changed = await userAdmin.call("PATCH", url, {
        displayName: "Patch Me",
        mail: "patch.me@example.it",
        mobilePhone: "+39 02 1234 5678",
        department: "Tributi",
      });
      assert.equal(changed.status, 200, changed.body);
      assert.deepEqual(
        [changed.json().displayName, changed.json().mail, changed.json().mobilePhone],
        ["Patch Me", "patch.me@example.it", "+39 02 1234 5678"],
      );
      const entry = (await listAudit(t.ctx.store.db, t.tenant.id, 1))[0];
      assert.equal(entry?.action, "Update user");
      assert.match(entry?.details_json ?? "", /patch\.me@example\.it/);

      for (const [body, code] of [
        [{ displayName: "Changed", mobilePhone: "0039 02 1234" }, "invalid_phone_number"],
        [{ displayName: "Changed", mail: "a@b" }, "invalid_mail"],
        [{ displayName: "   " }, "invalid_display_name"],
        [{ displayName: "Changed", accountEnabled: false }, "invalid_reason"],
        [{}, "invalid_request"],
      ] as const) {
        const entries = await audited();
        const refused = await userAdmin.call("PATCH", url, body);
        assert.equal(refused.status, 400, refused.body);
        assert.equal((refused.json().error as { code: string }).code, code, JSON.stringify(body));
        const now = await findUserById(t.ctx.store.db, u.user.id);
        assert.deepEqual([now?.displayName, now?.blocked], ["Patch Me", false]);
        assert.equal(await audited(), entries);
      }

      const blocked = await userAdmin.call("PATCH", url, {
        accountEnabled: false,
        reason: "left the office",
        mail: null,
      });
      assert.equal(blocked.status, 200, blocked.body);
      assert.deepEqual([blocked.json().accountEnabled, blocked.json().mail], [false, null]);
      assert.equal(blocked.json().blockedReason, "left the office");
      const refusedSignIn = await signInWithPassword(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn: u.upn,
        password: testPassword,
        client,
      });
      assert.notEqual(refusedSignIn.kind, "second_factor", "a blocked user gets no second step");
      const enabled = await userAdmin.call("PATCH", url, { accountEnabled: true, reason: "back" });
      assert.equal(enabled.json().accountEnabled, true);
    });

    test("DELETE removes every way in; the logs stay; the UPN makes a new, empty user", async () => {
      const u = await createSignInUser(t, "leaver@example.it");
      assert.equal((await signIn(u)).kind, "signed_in");
      await startSignIn(u);
      await rememberDevice(t.ctx, t.ctx.store.db, {
        tenantId: t.tenant.id,
        userId: u.user.id,
        days: 30,
        client,
      });
      await issueTemporaryAccessPass(t.ctx, testActor, t.tenant, u.user, {});
      await assignRole(t.ctx, testActor, u.user, "securityReader");
      const group = await createGroup(t.ctx, testActor, t.tenant, "leavers");
      await setGroupMember(t.ctx, testActor, group, u.user, true);
      const before = await rowsOf(u.user.id);
      for (const table of userTables) assert.ok(before[table] > 0, `${table} has rows first`);
      const logged = (await signInLogOf(u.user.id)).length;
      assert.ok(logged >= 2);

      // A security reader is an administrator: a User Administrator may not delete them.
      const refused = await userAdmin.call("DELETE", `/api/v1/users/${u.user.id}`);
      assert.equal(refused.status, 403);
      const deleted = await global.call("DELETE", `/api/v1/users/${u.upn}`);
      assert.equal(deleted.status, 204, deleted.body);
      assert.equal(await findUserById(t.ctx.store.db, u.user.id), undefined);
      assert.deepEqual(
        await rowsOf(u.user.id),
        Object.fromEntries(userTables.map((table) => [table, 0])),
      );
      assert.deepEqual(await listRolesOf(t.ctx.store.db, "user", u.user.id), []);
      const kept = await signInLogOf(u.user.id);
      assert.equal(kept.length, logged, "the sign-in log keeps them");
      assert.ok(
        kept.every((entry) => entry.upn === u.upn),
        "with the UPN",
      );
      const listed = await global.call(
        "GET",
        `/api/v1/auditLogs/signIns?$filter=${encodeURIComponent(`userPrincipalName eq '${u.upn}'`)}`,
      );
      assert.equal(listed.status, 200, listed.body);
      assert.ok((listed.json().value as unknown[]).length >= logged, listed.body);
      const entry = (await listAudit(t.ctx.store.db, t.tenant.id, 1))[0];
      assert.equal(entry?.action, "Delete user");
      assert.equal(entry?.target_id, u.user.id);
      assert.match(entry?.details_json ?? "", /leaver@example\.it/);
      const earlier = await listAudit(t.ctx.store.db, t.tenant.id, 100_000);
      assert.ok(
        earlier.some((e) => e.action === "Add member to role" && e.target_id === u.user.id),
        "the audit log keeps what was done to the user",
      );
      assert.equal((await global.call("GET", `/api/v1/users/${u.user.id}`)).status, 404);
      assert.equal((await global.call("DELETE", `/api/v1/users/${u.user.id}`)).status, 404);

      // The same UPN again: a new user, none of the old methods, the old password gone.
      const again = await global.call("POST", "/api/v1/users", { userPrincipalName: u.upn });
      assert.equal(again.status, 201, again.body);
      const newId = again.json().id as string;
      assert.notEqual(newId, u.user.id);
      assert.deepEqual(
        await rowsOf(newId),
        Object.fromEntries(userTables.map((table) => [table, 0])),
      );
      const methods = await global.call("GET", `/api/v1/users/${newId}/authentication/methods`);
      assert.deepEqual(methods.json().value, []);
      const oldPassword = await signInWithPassword(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn: u.upn,
        password: testPassword,
        client,
      });
      assert.equal(oldPassword.kind, "failed");
    });

    test("the tenant's last Global Administrator cannot be deleted; one of two can", async () => {
      const first = await createSignInUser(t, "first.global@example.it");
      await assignRole(t.ctx, testActor, first.user, "globalAdministrator");
      const entries = await audited();
      const refused = await global.call("DELETE", `/api/v1/users/${first.user.id}`);
      assert.equal(refused.status, 409, refused.body);
      assert.equal((refused.json().error as { code: string }).code, "last_global_administrator");
      assert.ok(await findUserById(t.ctx.store.db, first.user.id));
      assert.equal(await audited(), entries);
      const second = await createSignInUser(t, "second.global@example.it");
      await assignRole(t.ctx, testActor, second.user, "globalAdministrator");
      assert.equal((await global.call("DELETE", `/api/v1/users/${first.user.id}`)).status, 204);
      const last = await global.call("DELETE", `/api/v1/users/${second.user.id}`);
      assert.equal(last.status, 409);
    });

    test("roles: a User Administrator creates, edits and deletes users, not administrators; a helpdesk administrator none of it", async () => {
      const target = await createSignInUser(t, "role.target@example.it");
      const admin = await createSignInUser(t, "role.admin@example.it");
      await assignRole(t.ctx, testActor, admin.user, "helpdeskAdministrator");
      const entries = await audited();
      const refusals = [
        await helpdesk.call("POST", "/api/v1/users", { userPrincipalName: "x@example.it" }),
        await helpdesk.call("PATCH", `/api/v1/users/${target.user.id}`, { department: "X" }),
        await helpdesk.call("DELETE", `/api/v1/users/${target.user.id}`),
        await userAdmin.call("PATCH", `/api/v1/users/${admin.user.id}`, { department: "X" }),
        await userAdmin.call("DELETE", `/api/v1/users/${admin.user.id}`),
      ];
      for (const refused of refusals) {
        assert.equal(refused.status, 403, refused.body);
        assert.equal((refused.json().error as { code: string }).code, "forbidden");
      }
      assert.equal(await audited(), entries, "nothing written");
      assert.equal((await userAdmin.call("DELETE", `/api/v1/users/${target.user.id}`)).status, 204);
    });

    test("a sign-in waiting for its second factor when the user is deleted ends without a session", async () => {
      const u = await createSignInUser(t, "deleted.midway@example.it");
      const pendingToken = await startSignIn(u);
      await global.call("DELETE", `/api/v1/users/${u.user.id}`);
      t.clock.advance(30_000);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const step: SignInStep = await giveSecondFactor(t.ctx, {
        pendingToken,
        proof: { kind: "code", code },
        client,
      });
      assert.notEqual(step.kind, "signed_in");
      assert.equal((await rowsOf(u.user.id)).sessions, 0);
    });

    test("a second factor and a delete at the same moment: no session is left for the deleted user", async () => {
      for (let round = 0; round < 4; round++) {
        const u = await createSignInUser(t, `race.${round}@example.it`);
        const pendingToken = await startSignIn(u);
        t.clock.advance(30_000);
        const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
        const [answered, deleted] = await Promise.allSettled([
          giveSecondFactor(t.ctx, { pendingToken, proof: { kind: "code", code }, client }),
          global.call("DELETE", `/api/v1/users/${u.user.id}`),
        ]);
        assert.equal(deleted.status, "fulfilled");
        assert.equal(deleted.status === "fulfilled" && deleted.value.status, 204);
        assert.equal(
          answered.status,
          "fulfilled",
          String((answered as { reason?: unknown }).reason),
        );
        assert.equal((await rowsOf(u.user.id)).sessions, 0);
        assert.equal(await findUserById(t.ctx.store.db, u.user.id), undefined);
      }
    });
  });
}
