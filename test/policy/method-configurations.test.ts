import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { KyselyPlugin } from "kysely";
import type { Context } from "../../src/context.ts";
import { createGroup } from "../../src/directory/create-group.ts";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { setGroupMember } from "../../src/directory/set-group-member.ts";
import type { ErrorCode } from "../../src/errors/codes.ts";
import { VarcoError } from "../../src/errors/varco-error.ts";
import { passkeyPolicyFor } from "../../src/methods/passkey/passkey-policy-for.ts";
import { defaultFido2Settings } from "../../src/policy/method-configurations/fido2-settings.ts";
import type { MethodConfigurationId } from "../../src/policy/method-configurations/method-configuration.ts";
import { methodsEnabledFor } from "../../src/policy/method-configurations/methods-enabled-for.ts";
import { readMethodConfigurations } from "../../src/policy/method-configurations/read-method-configurations.ts";
import { updateMethodConfiguration } from "../../src/policy/method-configurations/update-method-configuration.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Which methods a tenant enables, and for whom (Graph's authenticationMethodConfigurations):
// the defaults are what Varco offered before; a group target reaches its members only; an
// exclusion wins; a refused change leaves everything as it was.

const noGateway = { sms: false, voice: false };
const gateways = { sms: true, voice: true };

async function refused(run: () => Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof VarcoError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

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

for (const kind of databaseKinds) {
  describe(`method configurations on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(async () => {
      await t.close();
    });
    const sorted = (set: ReadonlySet<MethodConfigurationId>) => [...set].sort();

    test("a tenant that changed nothing has the apps, hardware tokens, passes and passkeys, for everyone", async () => {
      const configurations = await readMethodConfigurations(t.ctx, t.tenant.id);
      assert.deepEqual(
        configurations.map((c) => [c.id, c.state]),
        [
          ["SoftwareOath", "enabled"],
          ["HardwareOath", "enabled"],
          ["TemporaryAccessPass", "enabled"],
          ["Sms", "disabled"],
          ["Voice", "disabled"],
          ["Fido2", "enabled"],
          ["Email", "disabled"],
        ],
      );
      assert.deepEqual(
        configurations.find((c) => c.id === "Fido2")?.fido2Settings,
        defaultFido2Settings,
      );
      for (const c of configurations) {
        assert.deepEqual(c.includeTargets, [
          { targetType: "group", id: "all_users", isRegistrationRequired: false },
        ]);
        assert.deepEqual(c.excludeTargets, []);
      }
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "default@example.it" });
      assert.deepEqual(sorted(await methodsEnabledFor(t.ctx, t.tenant.id, user.id, gateways)), [
        "Fido2",
        "HardwareOath",
        "SoftwareOath",
        "TemporaryAccessPass",
      ]);
    });

    test("enabled for a group: a member has it, a non-member not, an excluded member not", async () => {
      const staff = await createGroup(t.ctx, testActor, t.tenant, "staff");
      const interns = await createGroup(t.ctx, testActor, t.tenant, "interns");
      const member = await createUser(t.ctx, testActor, t.tenant, { upn: "member@example.it" });
      const outsider = await createUser(t.ctx, testActor, t.tenant, { upn: "outside@example.it" });
      const intern = await createUser(t.ctx, testActor, t.tenant, { upn: "intern@example.it" });
      await setGroupMember(t.ctx, testActor, staff, member, true);
      await setGroupMember(t.ctx, testActor, staff, intern, true);
      await setGroupMember(t.ctx, testActor, interns, intern, true);

      const saved = await updateMethodConfiguration(
        t.ctx,
        testActor,
        t.tenant.id,
        "fido2",
        {
          state: "enabled",
          includeTargets: [{ targetType: "group", id: staff.id }],
          excludeTargets: [{ targetType: "group", id: interns.id }],
        },
        noGateway,
      );
      assert.deepEqual(saved, {
        id: "Fido2",
        state: "enabled",
        includeTargets: [{ targetType: "group", id: staff.id, isRegistrationRequired: false }],
        excludeTargets: [{ targetType: "group", id: interns.id }],
        fido2Settings: defaultFido2Settings,
      });
      const read = await readMethodConfigurations(t.ctx, t.tenant.id);
      assert.deepEqual(
        read.find((c) => c.id === "Fido2"),
        saved,
      );
      const has = async (userId: string) =>
        (await methodsEnabledFor(t.ctx, t.tenant.id, userId, noGateway)).has("Fido2");
      assert.equal(await has(member.id), true, "a member of the group");
      assert.equal(await has(outsider.id), false, "not a member");
      assert.equal(await has(intern.id), false, "a member, and in the excluded group");

      // The apps, for everyone but the interns.
      await updateMethodConfiguration(
        t.ctx,
        testActor,
        t.tenant.id,
        "SoftwareOath",
        { excludeTargets: [{ targetType: "group", id: interns.id }] },
        noGateway,
      );
      const intern2 = await methodsEnabledFor(t.ctx, t.tenant.id, intern.id, noGateway);
      assert.deepEqual(sorted(intern2), ["HardwareOath", "TemporaryAccessPass"]);
      const outsider2 = await methodsEnabledFor(t.ctx, t.tenant.id, outsider.id, noGateway);
      assert.deepEqual(sorted(outsider2), ["HardwareOath", "SoftwareOath", "TemporaryAccessPass"]);
      const member2 = await methodsEnabledFor(t.ctx, t.tenant.id, member.id, noGateway);
      assert.deepEqual(sorted(member2), [
        "Fido2",
        "HardwareOath",
        "SoftwareOath",
        "TemporaryAccessPass",
      ]);

      const [entry] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.action, "Update authentication method configuration");
      const details = JSON.parse(entry?.details_json ?? "{}");
      assert.equal(details.method, "SoftwareOath");
      assert.deepEqual(details.before.excludeTargets, []);
      assert.deepEqual(details.after.excludeTargets, [{ targetType: "group", id: interns.id }]);
    });

    test("the question costs one statement, with or without group targets", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "counted@example.it" });
      const { ctx, statements } = counting(t.ctx);
      await methodsEnabledFor(ctx, t.tenant.id, user.id, noGateway);
      assert.equal(statements(), 1);
      const other = await createTenant(t.ctx, testActor, { name: "counted", displayName: "C" });
      await methodsEnabledFor(ctx, other.id, user.id, noGateway);
      assert.equal(statements(), 2, "a tenant without rows: still one");
      await passkeyPolicyFor(ctx, t.tenant.id, user.id);
      assert.equal(statements(), 3, "passkeys: the settings come with the same statement");
    });

    test("Fido2's stored settings: read back whole, a damaged field at its default", async () => {
      const other = await createTenant(t.ctx, testActor, { name: "chiavi", displayName: "Chiavi" });
      const user = await createUser(t.ctx, testActor, other, { upn: "chiavi@example.it" });
      const saved = await updateMethodConfiguration(
        t.ctx,
        testActor,
        other.id,
        "Fido2",
        {
          isSelfServiceRegistrationAllowed: false,
          keyRestrictions: {
            isEnforced: true,
            aaGuids: ["cb69481e-8ff7-4039-93ec-0a2729a154a8"],
          },
        },
        noGateway,
      );
      assert.deepEqual(saved.fido2Settings, {
        ...defaultFido2Settings,
        isSelfServiceRegistrationAllowed: false,
        keyRestrictions: {
          isEnforced: true,
          enforcementType: "block",
          aaGuids: ["cb69481e-8ff7-4039-93ec-0a2729a154a8"],
        },
      });
      assert.deepEqual(
        (await readMethodConfigurations(t.ctx, other.id)).find((c) => c.id === "Fido2"),
        saved,
      );
      // A row written by hand (or by a later version) with wrong values: each at its default.
      await t.ctx.store.db
        .updateTable("authentication_method_configurations")
        .set({
          settings_json: JSON.stringify({
            isAttestationEnforced: "yes",
            isSelfServiceRegistrationAllowed: false,
            keyRestrictions: { isEnforced: true, enforcementType: "deny", aaGuids: ["X", 3] },
            clonedCredentialAction: "allow",
          }),
        })
        .where("tenant_id", "=", other.id)
        .where("method_id", "=", "Fido2")
        .execute();
      assert.deepEqual(await passkeyPolicyFor(t.ctx, other.id, user.id), {
        ...defaultFido2Settings,
        isSelfServiceRegistrationAllowed: false,
        keyRestrictions: { isEnforced: true, enforcementType: "block", aaGuids: [] },
        clonedCredentialAction: "allow",
        enabled: true,
      });
    });

    test("refused changes change nothing: unknown method or group, too many targets, bad shapes", async () => {
      const before = await readMethodConfigurations(t.ctx, t.tenant.id);
      const auditBefore = (await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length;
      const other = await createTenant(t.ctx, testActor, { name: "altro", displayName: "Altro" });
      const foreign = await createGroup(t.ctx, testActor, other, "foreign");
      const update = (id: string, changes: Parameters<typeof updateMethodConfiguration>[4]) =>
        updateMethodConfiguration(t.ctx, testActor, t.tenant.id, id, changes, gateways);
      await refused(
        () => update("Telepathy", { state: "enabled" }),
        "method_configuration_not_found",
      );
      for (const id of ["not-a-group", foreign.id]) {
        await refused(
          () =>
            update("Email", {
              state: "enabled",
              includeTargets: [{ targetType: "group", id }],
            }),
          "unknown_target_group",
        );
      }
      const many = Array.from({ length: 51 }, (_, i) => ({
        targetType: "group" as const,
        id: `g${i}`,
      }));
      await refused(() => update("Email", { includeTargets: many }), "too_many_method_targets");
      await refused(() => update("Email", { excludeTargets: many }), "too_many_method_targets");
      const allUsers = { targetType: "group" as const, id: "all_users" };
      await refused(() => update("Email", { includeTargets: [] }), "invalid_method_configuration");
      await refused(
        () => update("Email", { includeTargets: [allUsers, allUsers] }),
        "invalid_method_configuration",
      );
      await refused(
        () => update("Email", { excludeTargets: [allUsers] }),
        "invalid_method_configuration",
      );
      await refused(
        () => update("Email", { includeTargets: [{ targetType: "group", id: "a\nb" }] }),
        "invalid_method_configuration",
      );
      await refused(
        () => update("Email", { state: "on" as unknown as "enabled" }),
        "invalid_method_configuration",
      );
      assert.deepEqual(await readMethodConfigurations(t.ctx, t.tenant.id), before);
      assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length, auditBefore);
    });

    test("Sms and Voice: refused without a gateway, and off for everyone while it is missing", async () => {
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "phone@example.it" });
      for (const id of ["Sms", "Voice"]) {
        await refused(
          () =>
            updateMethodConfiguration(
              t.ctx,
              testActor,
              t.tenant.id,
              id,
              { state: "enabled" },
              noGateway,
            ),
          "phone_gateway_not_configured",
        );
      }
      // Only the text gateway: Voice is still refused.
      const smsOnly = { sms: true, voice: false };
      await updateMethodConfiguration(
        t.ctx,
        testActor,
        t.tenant.id,
        "Sms",
        { state: "enabled" },
        smsOnly,
      );
      await refused(
        () =>
          updateMethodConfiguration(
            t.ctx,
            testActor,
            t.tenant.id,
            "Voice",
            { state: "enabled" },
            smsOnly,
          ),
        "phone_gateway_not_configured",
      );
      const configurations = await readMethodConfigurations(t.ctx, t.tenant.id);
      assert.equal(configurations.find((c) => c.id === "Voice")?.state, "disabled");
      assert.equal(
        (await methodsEnabledFor(t.ctx, t.tenant.id, user.id, smsOnly)).has("Sms"),
        true,
      );
      // The gateway gone (its settings removed): the stored "enabled" no longer reaches anyone.
      assert.equal(
        (await methodsEnabledFor(t.ctx, t.tenant.id, user.id, noGateway)).has("Sms"),
        false,
      );
      // Disabling needs no gateway.
      await updateMethodConfiguration(
        t.ctx,
        testActor,
        t.tenant.id,
        "Sms",
        { state: "disabled" },
        noGateway,
      );
      assert.equal(
        (await methodsEnabledFor(t.ctx, t.tenant.id, user.id, smsOnly)).has("Sms"),
        false,
      );
    });
  });
}
