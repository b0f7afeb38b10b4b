import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { KyselyPlugin } from "kysely";
import type { Context } from "../../src/context.ts";
import { createGroup } from "../../src/directory/create-group.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { setGroupMember } from "../../src/directory/set-group-member.ts";
import type { Tenant } from "../../src/directory/types.ts";
import type { ErrorCode } from "../../src/errors/codes.ts";
import { VarcoError } from "../../src/errors/varco-error.ts";
import { phishingResistantRequired } from "../../src/policy/authentication-strength/phishing-resistant-required.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { findTenantById } from "../../src/store/queries/tenants.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Entra's authentication strength "Phishing-resistant MFA", as the tenant policy asks it: of
// every administrator, of the members of chosen groups, of nobody by default; the question costs
// no statement while the tenant asks nothing, one otherwise.

/** The context with every statement it runs counted. */
function counting(ctx: Context): { ctx: Context; statements: () => number } {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      count += 1;
      return args.result;
    },
  };
  const db = ctx.store.db.withPlugin(plugin);
  return { ctx: { ...ctx, store: { ...ctx.store, db } }, statements: () => count };
}

async function refused(run: () => Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof VarcoError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

for (const kind of databaseKinds) {
  describe(`phishing-resistant MFA required on ${kind}`, () => {
    let t: TestApp;
    let tenant: Tenant;
    before(async () => {
      t = await openTestApp(kind);
      tenant = await createTenant(t.ctx, testActor, { name: "forte", displayName: "Forte" });
    });
    after(async () => {
      await t.close();
    });
    const current = async () => {
      const found = await findTenantById(t.ctx.store.db, tenant.id);
      assert.ok(found);
      return found;
    };

    test("off by default: nobody, and not one statement", async () => {
      const admin = await createUser(t.ctx, testActor, tenant, { upn: "admin@forte.it" });
      await assignRole(t.ctx, testActor, admin, "globalAdministrator");
      assert.equal(tenant.policy.phishingResistantForAdministrators, false);
      assert.deepEqual(tenant.policy.phishingResistantGroupIds, []);
      const { ctx, statements } = counting(t.ctx);
      assert.equal(await phishingResistantRequired(ctx, tenant, admin.id), false);
      assert.equal(statements(), 0);
    });

    test("for administrators: any role counts, a user without one is not asked; one statement", async () => {
      const reader = await createUser(t.ctx, testActor, tenant, { upn: "reader@forte.it" });
      await assignRole(t.ctx, testActor, reader, "securityReader");
      const plain = await createUser(t.ctx, testActor, tenant, { upn: "plain@forte.it" });
      await changeTenantPolicy(t.ctx, testActor, await current(), {
        phishingResistantForAdministrators: true,
      });
      const strict = await current();
      const { ctx, statements } = counting(t.ctx);
      assert.equal(await phishingResistantRequired(ctx, strict, reader.id), true);
      assert.equal(statements(), 1);
      assert.equal(await phishingResistantRequired(ctx, strict, plain.id), false);
      assert.equal(statements(), 2);
      await changeTenantPolicy(t.ctx, testActor, strict, {
        phishingResistantForAdministrators: false,
      });
    });

    test("for groups: a member is asked, a non-member not; with administrators, still one statement", async () => {
      const office = await createGroup(t.ctx, testActor, tenant, "Ragioneria");
      const other = await createGroup(t.ctx, testActor, tenant, "Biblioteca");
      const member = await createUser(t.ctx, testActor, tenant, { upn: "member@forte.it" });
      const outsider = await createUser(t.ctx, testActor, tenant, { upn: "outsider@forte.it" });
      const admin = await createUser(t.ctx, testActor, tenant, { upn: "helpdesk@forte.it" });
      await assignRole(t.ctx, testActor, admin, "helpdeskAdministrator");
      await setGroupMember(t.ctx, testActor, office, member, true);
      await setGroupMember(t.ctx, testActor, other, outsider, true);
      await changeTenantPolicy(t.ctx, testActor, await current(), {
        phishingResistantGroupIds: [office.id],
      });
      let policy = await current();
      const { ctx, statements } = counting(t.ctx);
      assert.equal(await phishingResistantRequired(ctx, policy, member.id), true);
      assert.equal(await phishingResistantRequired(ctx, policy, outsider.id), false);
      assert.equal(
        await phishingResistantRequired(ctx, policy, admin.id),
        false,
        "an administrator outside the groups, while administrators are not asked",
      );
      assert.equal(statements(), 3);

      await changeTenantPolicy(t.ctx, testActor, policy, {
        phishingResistantForAdministrators: true,
      });
      policy = await current();
      assert.equal(await phishingResistantRequired(ctx, policy, admin.id), true);
      assert.equal(await phishingResistantRequired(ctx, policy, member.id), true);
      assert.equal(await phishingResistantRequired(ctx, policy, outsider.id), false);
      assert.equal(statements(), 6, "both questions, one statement each time");

      const [entry] = await listAudit(t.ctx.store.db, tenant.id, 1);
      assert.equal(entry?.action, "Update tenant policy");
      const details = JSON.parse(entry?.details_json ?? "{}");
      assert.equal(details.before.phishingResistantForAdministrators, false);
      assert.equal(details.after.phishingResistantForAdministrators, true);
      assert.deepEqual(details.after.phishingResistantGroupIds, [office.id]);
    });

    test("refused, changing nothing: an unknown or another tenant's group, too many, twice, a bad id", async () => {
      const before = await current();
      const auditBefore = (await listAudit(t.ctx.store.db, tenant.id, 1000)).length;
      const foreign = await createGroup(t.ctx, testActor, t.tenant, "straniero");
      const change = (phishingResistantGroupIds: string[]) =>
        changeTenantPolicy(t.ctx, testActor, before, { phishingResistantGroupIds });
      await refused(() => change(["no-such-group"]), "unknown_target_group");
      await refused(() => change([foreign.id]), "unknown_target_group");
      const many = Array.from({ length: 51 }, (_, i) => `g${i}`);
      await refused(() => change(many), "invalid_policy");
      const [own] = before.policy.phishingResistantGroupIds;
      assert.ok(own);
      await refused(() => change([own, own]), "invalid_policy");
      await refused(() => change(["a b"]), "invalid_policy");
      await refused(
        () =>
          changeTenantPolicy(t.ctx, testActor, before, {
            phishingResistantForAdministrators: "yes" as unknown as boolean,
          }),
        "invalid_policy",
      );
      assert.deepEqual((await current()).policy, before.policy);
      assert.equal((await listAudit(t.ctx.store.db, tenant.id, 1000)).length, auditBefore);
    });
  });
}
