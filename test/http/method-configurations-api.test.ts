import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createGroup } from "../../src/directory/create-group.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { passkeyPolicyFor } from "../../src/methods/passkey/passkey-policy-for.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { type AdminClient, adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// `policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}` as Microsoft
// Graph has it: a configuration read can be sent back unchanged, a change shows in the policy,
// a refused change changes nothing, and only the policy roles may read or change.

const policy = "/api/v1/policies/authenticationMethodsPolicy";
const configurationPath = (id: string) => `${policy}/authenticationMethodConfigurations/${id}`;
const everyone = [{ targetType: "group", id: "all_users", isRegistrationRequired: false }];
const fido2Defaults = {
  isAttestationEnforced: false,
  isSelfServiceRegistrationAllowed: true,
  keyRestrictions: { isEnforced: false, enforcementType: "block", aaGuids: [] },
  isUserVerificationRequired: true,
  clonedCredentialAction: "refuse",
};

for (const kind of databaseKinds) {
  describe(`the authenticationMethodConfigurations API on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let policyAdmin: AdminClient;
    let reader: AdminClient;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      policyAdmin = await adminClient(t, server, ["authenticationPolicyAdministrator"]);
      reader = await adminClient(t, server, ["securityReader"]);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("the policy lists every method in Graph's shape, the defaults first", async () => {
      const read = await reader.call("GET", policy);
      assert.equal(read.status, 200);
      const body = read.json();
      assert.equal(body.id, "authenticationMethodsPolicy");
      assert.equal(body.lockoutThreshold, 10, "the tenant's settings are still there");
      assert.deepEqual(
        body.authenticationMethodConfigurations,
        [
          ["SoftwareOath", "softwareOath", "enabled"],
          ["HardwareOath", "hardwareOath", "enabled"],
          ["TemporaryAccessPass", "temporaryAccessPass", "enabled"],
          ["Sms", "sms", "disabled"],
          ["Voice", "voice", "disabled"],
          ["Fido2", "fido2", "enabled"],
          ["Email", "email", "disabled"],
        ].map(([id, type, state]) => ({
          "@odata.type": `#microsoft.graph.${type}AuthenticationMethodConfiguration`,
          id,
          state,
          includeTargets: everyone,
          excludeTargets: [],
          ...(id === "Fido2" ? fido2Defaults : {}),
        })),
      );
      // The policy read, sent back whole, is taken: its list of methods is ignored there.
      const { id: _id, ...settings } = body;
      const back = await policyAdmin.call("PATCH", policy, settings);
      assert.equal(back.status, 200, back.body);
      assert.deepEqual(back.json(), body);
    });

    test("a configuration read, changed and sent back: the change in both places, audited", async () => {
      const teachers = await createGroup(t.ctx, testActor, t.tenant, "docenti");
      const students = await createGroup(t.ctx, testActor, t.tenant, "studenti");
      const first = await reader.call("GET", configurationPath("email"));
      assert.equal(first.status, 200, "the id in any case");
      const changed = {
        ...first.json(),
        state: "enabled",
        includeTargets: [{ targetType: "group", id: teachers.id, isRegistrationRequired: false }],
        excludeTargets: [{ targetType: "group", id: students.id }],
      };
      const patched = await policyAdmin.call("PATCH", configurationPath("Email"), changed);
      assert.equal(patched.status, 204, patched.body);
      const again = await reader.call("GET", configurationPath("Email"));
      assert.deepEqual(again.json(), changed);
      const listed = (await reader.call("GET", policy)).json()
        .authenticationMethodConfigurations as unknown[];
      assert.deepEqual(listed[6], changed);
      // Sent back as read: nothing moves.
      assert.equal(
        (await policyAdmin.call("PATCH", configurationPath("Email"), changed)).status,
        204,
      );
      assert.deepEqual((await reader.call("GET", configurationPath("Email"))).json(), changed);

      const [entry] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.action, "Update authentication method configuration");
      assert.equal(entry?.actor_type, "apiClient");
    });

    test("refusals by code, and nothing changed", async () => {
      const before = (await reader.call("GET", policy)).json();
      const auditBefore = (await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length;
      const refusal = async (
        id: string,
        body: object,
        status: number,
        code: string,
        client = policyAdmin,
      ) => {
        const answer = await client.call("PATCH", configurationPath(id), body);
        assert.equal(answer.status, status, answer.body);
        assert.equal((answer.json().error as { code: string }).code, code, answer.body);
      };
      const group = (id: string) => ({ targetType: "group", id });
      await refusal("Telepathy", { state: "enabled" }, 404, "method_configuration_not_found");
      await refusal("Fido2", { includeTargets: [group("nobody")] }, 400, "unknown_target_group");
      const many = Array.from({ length: 51 }, (_, i) => group(`g${i}`));
      await refusal("Fido2", { excludeTargets: many }, 400, "too_many_method_targets");
      await refusal("Fido2", { includeTargets: many }, 400, "too_many_method_targets");
      await refusal("Fido2", { state: "on" }, 400, "invalid_method_configuration");
      await refusal("Fido2", { colour: "red" }, 400, "invalid_method_configuration");
      await refusal(
        "Fido2",
        { excludeTargets: [group("all_users")] },
        400,
        "invalid_method_configuration",
      );
      await refusal(
        "Fido2",
        {
          "@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration",
          state: "enabled",
        },
        400,
        "invalid_method_configuration",
      );
      await refusal("Sms", { state: "enabled" }, 409, "phone_gateway_not_configured");
      await refusal("Voice", { state: "enabled" }, 409, "phone_gateway_not_configured");
      await refusal("Fido2", { state: "enabled" }, 403, "forbidden", reader);
      assert.deepEqual((await reader.call("GET", policy)).json(), before);
      assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length, auditBefore);
    });

    test("Fido2's settings: read, changed, sent back; they reach passkeyPolicyFor; audited", async () => {
      const read = await reader.call("GET", configurationPath("fido2"));
      assert.equal(read.status, 200);
      assert.equal(read.json().isAttestationEnforced, false);
      const yubikey = "cb69481e-8ff7-4039-93ec-0a2729a154a8";
      const changed = {
        ...read.json(),
        isAttestationEnforced: true,
        isSelfServiceRegistrationAllowed: false,
        keyRestrictions: { isEnforced: true, enforcementType: "allow", aaGuids: [yubikey] },
        isUserVerificationRequired: false,
        clonedCredentialAction: "allow",
      };
      const patched = await policyAdmin.call("PATCH", configurationPath("Fido2"), changed);
      assert.equal(patched.status, 204, patched.body);
      assert.deepEqual((await reader.call("GET", configurationPath("Fido2"))).json(), changed);
      const listed = (await reader.call("GET", policy)).json()
        .authenticationMethodConfigurations as { id: string }[];
      assert.deepEqual(
        listed.find((c) => c.id === "Fido2"),
        changed,
      );
      const [entry] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.action, "Update authentication method configuration");
      const details = JSON.parse(entry?.details_json ?? "{}");
      assert.equal(details.before.fido2Settings.isAttestationEnforced, false);
      assert.deepEqual(details.after.fido2Settings.keyRestrictions.aaGuids, [yubikey]);

      // What the ceremonies read: the stored settings, with `enabled` for the user.
      const user = await createUser(t.ctx, testActor, t.tenant, { upn: "fido2.api@example.it" });
      const forUser = await passkeyPolicyFor(t.ctx, t.tenant.id, user.id);
      assert.deepEqual(forUser, {
        isAttestationEnforced: true,
        isSelfServiceRegistrationAllowed: false,
        keyRestrictions: { isEnforced: true, enforcementType: "allow", aaGuids: [yubikey] },
        isUserVerificationRequired: false,
        clonedCredentialAction: "allow",
        enabled: true,
      });

      // A part of keyRestrictions replaces that part only; the state stays as it was.
      const partial = await policyAdmin.call("PATCH", configurationPath("Fido2"), {
        keyRestrictions: { enforcementType: "block" },
      });
      assert.equal(partial.status, 204, partial.body);
      const now = (await reader.call("GET", configurationPath("Fido2"))).json();
      assert.deepEqual(now.keyRestrictions, {
        isEnforced: true,
        enforcementType: "block",
        aaGuids: [yubikey],
      });
      assert.equal(now.state, "enabled");

      // Back to the defaults, for the other tests.
      const { id: _id, "@odata.type": _type, ...defaults } = read.json();
      assert.equal(
        (await policyAdmin.call("PATCH", configurationPath("Fido2"), defaults)).status,
        204,
      );
      assert.deepEqual((await reader.call("GET", configurationPath("Fido2"))).json(), read.json());
    });

    test("Fido2's settings refused by code, and nothing changed; another method has none", async () => {
      const before = (await reader.call("GET", policy)).json();
      const auditBefore = (await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length;
      const refusal = async (id: string, body: object, code: string) => {
        const answer = await policyAdmin.call("PATCH", configurationPath(id), body);
        assert.equal(answer.status, 400, answer.body);
        assert.equal((answer.json().error as { code: string }).code, code, answer.body);
      };
      const aaGuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
      const keys = (aaGuids: unknown) => ({
        keyRestrictions: { isEnforced: true, enforcementType: "block", aaGuids },
      });
      await refusal(
        "Fido2",
        keys(["CB69481E-8FF7-4039-93EC-0A2729A154A8"]),
        "invalid_fido2_settings",
      );
      await refusal("Fido2", keys(["cb69481e8ff7403993ec0a2729a154a8"]), "invalid_fido2_settings");
      await refusal("Fido2", keys(["yubikey"]), "invalid_fido2_settings");
      await refusal("Fido2", keys([aaGuid(1), aaGuid(1)]), "invalid_fido2_settings");
      await refusal(
        "Fido2",
        keys(Array.from({ length: 101 }, (_, i) => aaGuid(i))),
        "too_many_aaguids",
      );
      await refusal(
        "Fido2",
        { keyRestrictions: { isEnforced: true, enforcementType: "allow", aaGuids: [] } },
        "invalid_fido2_settings",
      );
      await refusal(
        "Fido2",
        { keyRestrictions: { enforcementType: "deny" } },
        "invalid_fido2_settings",
      );
      await refusal("Fido2", { keyRestrictions: { colour: "red" } }, "invalid_fido2_settings");
      await refusal("Fido2", { isAttestationEnforced: "yes" }, "invalid_fido2_settings");
      await refusal("Fido2", { clonedCredentialAction: "ignore" }, "invalid_fido2_settings");
      await refusal(
        "SoftwareOath",
        { isAttestationEnforced: true },
        "invalid_method_configuration",
      );
      await refusal("Email", keys([aaGuid(1)]), "invalid_method_configuration");
      await refusal("Email", keys(["bad"]), "invalid_method_configuration");
      assert.deepEqual((await reader.call("GET", policy)).json(), before);
      assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length, auditBefore);
      const email = (await reader.call("GET", configurationPath("Email"))).json();
      assert.equal("keyRestrictions" in email, false, "only Fido2 has settings");
    });

    test("a role without readPolicy gets 403 on reading", async () => {
      const helpdesk = await adminClient(t, server, ["helpdeskAdministrator"]);
      const read = await helpdesk.call("GET", configurationPath("Fido2"));
      assert.equal(read.status, 403);
      assert.equal((read.json().error as { code: string }).code, "forbidden");
      const change = await helpdesk.call("PATCH", configurationPath("Fido2"), { state: "enabled" });
      assert.equal(change.status, 403);
    });
  });
}
