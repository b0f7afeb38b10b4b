import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { unlockUser } from "../../src/lockout/unlock-user.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listLockedOutUsers } from "../../src/store/queries/lockouts.ts";
import { listMethods } from "../../src/store/queries/methods.ts";
import { databaseKinds } from "../support/databases.ts";
import { createEnrolledUser } from "../support/enrolled-user.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type ValidateClient, validateClient } from "../support/validate-client.ts";

// Seed 001 "Blocco account", the administrator's side: see who is locked out, and unlock them.
for (const kind of databaseKinds) {
  describe(`unlocking a locked-out user on ${kind}`, () => {
    let t: TestApp;
    let client: ValidateClient;
    before(async () => {
      t = await openTestApp(kind);
      await changeTenantPolicy(t.ctx, testActor, t.tenant, { lockoutThreshold: 3 });
      client = await validateClient(t);
    });
    after(async () => {
      await client.server.close();
      await t.close();
    });

    test("the locked-out user is listed; unlocked, the right code works at once", async () => {
      const tenant = await findTenant(t.ctx);
      const locked = await createEnrolledUser(t, "locked@comune.it");
      await createEnrolledUser(t, "fine@comune.it");
      const upn = "locked@comune.it";
      for (let i = 0; i < 3; i++) await client.validate({ upn, code: "000000" });
      await client.validate({ upn: "fine@comune.it", code: "000000" });
      const right = await oathtoolTotp(locked.secret, { timeMs: t.clock.now() });
      assert.equal((await client.validate({ upn, code: right })).body.result, "reject");

      const listed = await listLockedOutUsers(t.ctx.store.db, tenant.id, 3, t.clock.now());
      // The right code came while locked out: refused unchecked, it is no failure.
      assert.deepEqual(
        listed.map((u) => [u.upn, u.failures]),
        [[upn, 3]],
      );
      assert.equal(listed[0]?.lockedUntil, t.clock.now() + 15 * 60_000);

      // The helpdesk's identity check travels with the actor into the audit entry.
      await unlockUser(t.ctx, { ...testActor, ticket: "HD-1234" }, tenant, locked.user);
      assert.deepEqual(await listLockedOutUsers(t.ctx.store.db, tenant.id, 3, t.clock.now()), []);
      const [method] = await listMethods(t.ctx.store.db, locked.user.id);
      assert.equal(method?.failedAttempts, 0, "the method's failed attempts start again");
      assert.equal((await client.validate({ upn, code: right })).body.result, "accept");

      const [entry] = await listAudit(t.ctx.store.db, tenant.id, 1);
      assert.equal(entry?.action, "Unlock user");
      assert.deepEqual(JSON.parse(entry?.details_json ?? "{}"), {
        upn,
        lockedUntil: t.clock.now() + 15 * 60_000,
        ticket: "HD-1234",
      });
    });

    test("a user who is not locked out cannot be unlocked, and nothing is written", async () => {
      const tenant = await findTenant(t.ctx);
      const free = await createEnrolledUser(t, "free@comune.it");
      const before = await listAudit(t.ctx.store.db, tenant.id, 1);
      await assert.rejects(
        unlockUser(t.ctx, testActor, tenant, free.user),
        /invalid_request: user 'free@comune.it' is not locked out/,
      );
      assert.deepEqual(await listAudit(t.ctx.store.db, tenant.id, 1), before);
    });
  });
}
