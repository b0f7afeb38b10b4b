import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { verifyPassword } from "../../src/crypto/password.ts";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { createGroup } from "../../src/directory/create-group.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { ensureDefaultTenant } from "../../src/directory/default-tenant.ts";
import { findGroup } from "../../src/directory/find-group.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { findUser } from "../../src/directory/find-user.ts";
import { setGroupMember } from "../../src/directory/set-group-member.ts";
import { setPassword } from "../../src/directory/set-password.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { isGroupMember, listGroupMemberIds } from "../../src/store/queries/groups.ts";
import { listTenants } from "../../src/store/queries/tenants.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

for (const kind of databaseKinds) {
  describe(`tenants, users and groups on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    test("the default tenant exists after start, once, even when instances start together", async () => {
      await Promise.all([ensureDefaultTenant(t.ctx), ensureDefaultTenant(t.ctx), t.openSibling()]);
      const names = (await listTenants(t.ctx.store.db)).map((x) => x.name);
      assert.deepEqual(names, ["default"]);
      assert.equal(t.tenant.policy.totpWindow, 1);
    });

    test("tenant names are checked and unique", async () => {
      const school = await createTenant(t.ctx, testActor, {
        name: "Scuola-1",
        displayName: "Scuola Uno",
      });
      assert.equal(school.name, "scuola-1");
      await assert.rejects(createTenant(t.ctx, testActor, { name: "scuola-1" }), (e) =>
        isVarcoError(e, "tenant_exists"),
      );
      for (const name of ["", "-x", "a b", "x".repeat(64), "é"]) {
        await assert.rejects(
          createTenant(t.ctx, testActor, { name }),
          (e) => isVarcoError(e, "invalid_request"),
          name,
        );
      }
    });

    test("UPNs are unique per tenant regardless of case, and the same UPN may live in two tenants", async () => {
      const other = await createTenant(t.ctx, testActor, { name: "other" });
      await createUser(t.ctx, testActor, t.tenant, { upn: "Mario.Rossi@Comune.it" });
      await assert.rejects(
        createUser(t.ctx, testActor, t.tenant, { upn: "mario.rossi@comune.IT" }),
        (e) => isVarcoError(e, "user_exists"),
      );
      await createUser(t.ctx, testActor, other, { upn: "mario.rossi@comune.it" });
      const found = await findUser(t.ctx, t.tenant, " MARIO.ROSSI@comune.it ");
      assert.equal(found.upn, "Mario.Rossi@Comune.it");
      await assert.rejects(findUser(t.ctx, t.tenant, "nobody@comune.it"), (e) =>
        isVarcoError(e, "user_not_found"),
      );
    });

    test("bad UPNs and passwords are refused and change nothing", async () => {
      for (const upn of [
        "",
        "no-at-sign",
        "a@b@c",
        "with space@x.it",
        `${"a".repeat(65)}@x.it`,
        `a@${"b".repeat(46)}.it`,
      ]) {
        await assert.rejects(
          createUser(t.ctx, testActor, t.tenant, { upn }),
          (e) => isVarcoError(e, "invalid_upn"),
          upn,
        );
      }
      for (const password of ["short", "x".repeat(257)]) {
        await assert.rejects(
          createUser(t.ctx, testActor, t.tenant, { upn: "pw@x.it", password }),
          (e) => isVarcoError(e, "invalid_password"),
        );
      }
      await assert.rejects(findUser(t.ctx, t.tenant, "pw@x.it"), (e) =>
        isVarcoError(e, "user_not_found"),
      );
    });

    test("passwords are stored as argon2id hashes and can be changed", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, {
        upn: "pw2@x.it",
        password: "correct horse",
      });
      const row = await t.ctx.store.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", user.id)
        .executeTakeFirstOrThrow();
      assert.match(row.password_hash ?? "", /^\$argon2id\$/);
      assert.equal(await verifyPassword(row.password_hash ?? "", "correct horse"), true);
      await setPassword(t.ctx, testActor, user, "battery staple");
      const changed = await t.ctx.store.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", user.id)
        .executeTakeFirstOrThrow();
      assert.equal(await verifyPassword(changed.password_hash ?? "", "battery staple"), true);
      assert.equal(await verifyPassword(changed.password_hash ?? "", "correct horse"), false);
    });

    test("block and unblock need a reason and are audited with before and after", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "block@x.it" });
      await assert.rejects(
        setUserBlocked(t.ctx, testActor, user, { blocked: true, reason: "  " }),
        (e) => isVarcoError(e, "invalid_reason"),
      );
      const blocked = await setUserBlocked(t.ctx, testActor, user, {
        blocked: true,
        reason: "phone stolen",
      });
      assert.equal((await findUser(t.ctx, t.tenant, "block@x.it")).blockedReason, "phone stolen");
      await setUserBlocked(t.ctx, testActor, blocked, { blocked: false, reason: "phone found" });
      assert.equal((await findUser(t.ctx, t.tenant, "block@x.it")).blocked, false);
      const entries = (await listAudit(t.ctx.store.db, t.tenant.id, 1000)).filter(
        (a) => a.target_id === user.id,
      );
      const block = entries.find((a) => a.action === "Block user");
      assert.deepEqual(JSON.parse(block?.details_json ?? "{}"), {
        upn: "block@x.it",
        reason: "phone stolen",
        before: { blocked: false },
        after: { blocked: true },
      });
      assert.ok(entries.some((a) => a.action === "Unblock user"));
    });

    test("groups hold members once; membership changes are audited", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "member@x.it" });
      const staff = await createGroup(t.ctx, testActor, t.tenant, "staff");
      await assert.rejects(createGroup(t.ctx, testActor, t.tenant, "staff"), (e) =>
        isVarcoError(e, "group_exists"),
      );
      assert.equal((await findGroup(t.ctx, t.tenant, " staff ")).id, staff.id);
      await assert.rejects(findGroup(t.ctx, t.tenant, "nobody"), (e) =>
        isVarcoError(e, "group_not_found"),
      );
      await setGroupMember(t.ctx, testActor, staff, user, true);
      await assert.rejects(setGroupMember(t.ctx, testActor, staff, user, true), (e) =>
        isVarcoError(e, "invalid_request"),
      );
      assert.deepEqual(await listGroupMemberIds(t.ctx.store.db, staff.id), [user.id]);
      assert.equal(await isGroupMember(t.ctx.store.db, staff.id, user.id), true);
      await setGroupMember(t.ctx, testActor, staff, user, false);
      assert.equal(await isGroupMember(t.ctx.store.db, staff.id, user.id), false);
      const actions = (await listAudit(t.ctx.store.db, t.tenant.id, 1000))
        .filter((a) => a.target_id === staff.id)
        .map((a) => a.action)
        .reverse();
      assert.deepEqual(actions, ["Add group", "Add member to group", "Remove member from group"]);
    });

    test("the tenant policy keeps its values, refuses out-of-range ones and audits the change", async () => {
      const tenant = await createTenant(t.ctx, testActor, { name: "policy" });
      await assert.rejects(changeTenantPolicy(t.ctx, testActor, tenant, { totpWindow: 11 }), (e) =>
        isVarcoError(e, "invalid_policy"),
      );
      await changeTenantPolicy(t.ctx, testActor, tenant, { totpWindow: 3 });
      assert.equal((await findTenant(t.ctx, "policy")).policy.totpWindow, 3);
      const [entry] = (await listAudit(t.ctx.store.db, tenant.id, 1)).filter(
        (a) => a.action === "Update tenant policy",
      );
      const { before, after } = JSON.parse(entry?.details_json ?? "{}");
      assert.deepEqual([before.totpWindow, after.totpWindow], [1, 3]);
    });
  });
}
