import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { revokeApiClient } from "../../src/api-clients/revoke-api-client.ts";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { createGroup } from "../../src/directory/create-group.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { reportFraud, signInWithPass, signInWithPassword } from "../support/sign-in-events.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { adminClient, requestToken } from "./admin-client.ts";

for (const kind of databaseKinds) {
  describe(`admin API on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("client credentials: a token for the right secret only; it ends with the client and at its expiry", async () => {
      const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
        name: "script",
        roles: ["securityReader"],
      });
      for (const [id, secret] of [
        [clientId, `${clientSecret}x`],
        ["00000000-0000-4000-8000-000000000000", clientSecret],
        ["not-a-uuid", clientSecret],
      ] as const) {
        const refused = await requestToken(server, id, secret);
        assert.deepEqual(
          [refused.status, refused.json().error],
          [401, "invalid_client"],
          `${id} with a wrong secret`,
        );
      }
      const basic = await server.inject({
        method: "POST",
        url: "/api/v1/oauth2/token",
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        payload: "grant_type=client_credentials",
      });
      assert.equal(basic.statusCode, 200, basic.body);
      const granted = basic.json();
      assert.deepEqual([granted.token_type, granted.expires_in], ["Bearer", 3600]);
      const claims = JSON.parse(
        Buffer.from(granted.access_token.split(".")[1], "base64url").toString(),
      );
      assert.deepEqual(claims.roles, ["securityReader"]);

      const call = (token: string) =>
        server.inject({
          method: "GET",
          url: "/api/v1/users",
          headers: { authorization: `Bearer ${token}` },
        });
      assert.equal((await call(granted.access_token)).statusCode, 200);
      // A signature that is not Varco's, roles edited in the token, an API key: all 401.
      const [head, body, sig] = granted.access_token.split(".");
      const escalated = Buffer.from(
        JSON.stringify({ ...claims, roles: ["globalAdministrator"] }),
      ).toString("base64url");
      const { key } = await createApiKey(t.ctx, testActor, t.tenant, { name: "validate" });
      for (const forged of [`${head}.${escalated}.${sig}`, `${head}.${body}.${sig}x`, key]) {
        assert.equal((await call(forged)).statusCode, 401);
      }
      assert.equal((await server.inject({ method: "GET", url: "/api/v1/users" })).statusCode, 401);

      t.clock.advance(3601_000);
      assert.equal((await call(granted.access_token)).statusCode, 401, "expired");
      const fresh = (await requestToken(server, clientId, clientSecret)).json()
        .access_token as string;
      assert.equal((await call(fresh)).statusCode, 200);
      await revokeApiClient(t.ctx, testActor, t.tenant, clientId);
      assert.equal((await call(fresh)).statusCode, 401, "revoked client");
      assert.equal((await requestToken(server, clientId, clientSecret)).status, 401);
      const wrongGrant = await server.inject({
        method: "POST",
        url: "/api/v1/oauth2/token",
        payload: { grant_type: "password", client_id: clientId, client_secret: clientSecret },
      });
      assert.deepEqual(
        [wrongGrant.statusCode, wrongGrant.json().error],
        [400, "unsupported_grant_type"],
      );
    });

    test("users: pages with @odata.nextLink, $filter, bad filters refused", async () => {
      const reader = await adminClient(t, server, ["securityReader"]);
      for (const name of ["Anna", "Bruno", "Carla", "Dario", "Elena"]) {
        await createUser(t.ctx, testActor, t.tenant, {
          upn: `${name.toLowerCase()}.page@example.it`,
          displayName: `${name} Rossi`,
        });
      }
      const seen: string[] = [];
      const pages: number[] = [];
      let url: string | undefined =
        `/api/v1/users?$top=2&$filter=${encodeURIComponent("createdDateTime ge 2000-01-01T00:00:00Z")}`;
      while (url) {
        const response = await reader.call("GET", url);
        assert.equal(response.status, 200, response.body);
        const page = response.json() as { value: { userPrincipalName: string }[] };
        pages.push(page.value.length);
        seen.push(...page.value.map((u) => u.userPrincipalName));
        const next = (page as { "@odata.nextLink"?: string })["@odata.nextLink"];
        url = next ? new URL(next).pathname + new URL(next).search : undefined;
      }
      const pageUsers = seen.filter((upn) => upn.endsWith(".page@example.it"));
      assert.deepEqual(pageUsers, [
        "anna.page@example.it",
        "bruno.page@example.it",
        "carla.page@example.it",
        "dario.page@example.it",
        "elena.page@example.it",
      ]);
      assert.ok(pages.every((n) => n <= 2) && pages.length >= 3, `pages of ${pages}`);
      assert.deepEqual([...new Set(seen)], seen, "no user twice");

      const filtered = await reader.call(
        "GET",
        `/api/v1/users?$filter=${encodeURIComponent("startswith(displayName,'car') and accountEnabled eq true")}`,
      );
      assert.deepEqual(
        (filtered.json().value as { userPrincipalName: string }[]).map((u) => u.userPrincipalName),
        ["carla.page@example.it"],
      );
      const byUpn = await reader.call(
        "GET",
        `/api/v1/users?$filter=${encodeURIComponent("userPrincipalName eq 'DARIO.page@example.it'")}`,
      );
      assert.equal((byUpn.json().value as unknown[]).length, 1, "case-insensitive, as Graph");
      for (const bad of [
        "password eq 'x'",
        "displayName eq 'x' or 1 eq 1",
        "startswith(displayName",
      ]) {
        const refused = await reader.call(
          "GET",
          `/api/v1/users?$filter=${encodeURIComponent(bad)}`,
        );
        assert.equal(refused.status, 400, bad);
        assert.equal((refused.json().error as { code: string }).code, "invalid_request");
      }
      const wildcard = await reader.call(
        "GET",
        `/api/v1/users?$filter=${encodeURIComponent("startswith(userPrincipalName,'%')")}`,
      );
      assert.deepEqual(wildcard.json().value, [], "% is a character, not a wildcard");
      assert.equal((await reader.call("GET", "/api/v1/users?$top=0")).status, 400);
      assert.equal((await reader.call("GET", "/api/v1/users?$skiptoken=forged")).status, 400);
    });

    test("the helpdesk issues a TAP through the API: shown once, one at a time, audited as the client", async () => {
      const helpdesk = await adminClient(t, server, ["helpdeskAdministrator"]);
      const u = await createSignInUser(t, "api-tap@example.it");
      const base = `/api/v1/users/${encodeURIComponent(u.upn)}/authentication/temporaryAccessPassMethods`;
      const created = await helpdesk.call("POST", base, {
        lifetimeInMinutes: 120,
        isUsableOnce: true,
      });
      assert.equal(created.status, 201, created.body);
      const pass = created.json().temporaryAccessPass as string;
      assert.match(pass, /^[34679ACDEFGHJKLMNPQRTUVWXY]{10}$/);
      assert.deepEqual(
        [created.json().lifetimeInMinutes, created.json().isUsableOnce, created.json().isUsable],
        [120, true, true],
      );
      const listed = await helpdesk.call("GET", base);
      assert.ok(!listed.body.includes(pass), "the pass is shown once");
      assert.equal((await helpdesk.call("POST", base, {})).status, 409);
      assert.equal(
        (
          await signInWithPass(t.ctx, {
            tenant: t.tenant,
            upn: u.upn,
            pass,
            client: { ip: "192.0.2.80", userAgent: "t" },
          })
        ).kind,
        "signed_in",
      );
      const [entry] = (await listAudit(t.ctx.store.db, t.tenant.id, 50)).filter(
        (e) => e.action === "Create temporary access pass",
      );
      assert.deepEqual(
        [entry?.actor_type, entry?.actor_id, entry?.actor_name],
        ["apiClient", helpdesk.clientId, "client-helpdeskAdministrator"],
      );
      assert.ok(entry?.correlation_id, "the request id is the correlation id");
      const id = created.json().id as string;
      assert.equal((await helpdesk.call("DELETE", `${base}/${id}`)).status, 204);
      assert.equal((await helpdesk.call("DELETE", `${base}/${id}`)).status, 404);
    });

    test("sign-in and audit logs: newest first, filtered, paged", async () => {
      const reader = await adminClient(t, server, ["securityReader"]);
      const u = await createSignInUser(t, "logs@example.it");
      for (let i = 0; i < 3; i++) {
        t.clock.advance(1000);
        await signInWithPass(t.ctx, {
          tenant: t.tenant,
          upn: u.upn,
          pass: "wrongpass",
          client: { ip: `192.0.2.${90 + i}`, userAgent: "t" },
        });
      }
      const filter = encodeURIComponent(`userPrincipalName eq '${u.upn}' and result eq 'failure'`);
      const first = await reader.call("GET", `/api/v1/auditLogs/signIns?$top=2&$filter=${filter}`);
      const page = first.json() as { value: { ipAddress: string }[]; "@odata.nextLink": string };
      assert.deepEqual(
        page.value.map((e) => e.ipAddress),
        ["192.0.2.92", "192.0.2.91"],
      );
      const next = new URL(page["@odata.nextLink"]);
      const second = await reader.call("GET", next.pathname + next.search);
      assert.deepEqual(
        (second.json().value as { ipAddress: string }[]).map((e) => e.ipAddress),
        ["192.0.2.90"],
      );
      assert.equal(second.json()["@odata.nextLink"], undefined);
      const audits = await reader.call(
        "GET",
        `/api/v1/auditLogs/directoryAudits?$filter=${encodeURIComponent(`targetId eq '${u.user.id}' and activityDisplayName eq 'Add user'`)}`,
      );
      assert.deepEqual(
        (audits.json().value as { activityDisplayName: string }[]).map(
          (e) => e.activityDisplayName,
        ),
        ["Add user"],
      );
    });

    test("hardware tokens: CSV upload with its error CSV, list, assign, activate, take back", async () => {
      const admin = await adminClient(t, server, ["privilegedAuthenticationAdministrator"]);
      const u = await createSignInUser(t, "token-user@example.it");
      const key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
      const devices = "/api/v1/directory/authenticationMethodDevices/hardwareOathDevices";
      const uploaded = await admin.call("POST", `${devices}/import`, {
        csv: [
          "upn,serial number,secret key,time interval,manufacturer,model",
          `,API-1,${key},30,Contoso,K`,
          `,API-2,${key},30,Contoso,K`,
          `ghost@example.it,API-3,${key},30,Contoso,K`,
        ].join("\n"),
      });
      assert.equal(uploaded.status, 200, uploaded.body);
      const result = uploaded.json() as { imported: number; failed: number; errorsCsv: string };
      assert.deepEqual([result.imported, result.failed], [2, 1]);
      assert.match(result.errorsCsv, /no user ghost@example.it/);
      assert.ok(!result.errorsCsv.includes(key));
      const page = await admin.call(
        "GET",
        `${devices}?$top=1&$filter=${encodeURIComponent("startswith(serialNumber,'API-')")}`,
      );
      const first = page.json() as {
        value: { id: string; serialNumber: string }[];
        "@odata.nextLink"?: string;
      };
      assert.deepEqual(
        first.value.map((d) => d.serialNumber),
        ["API-1"],
      );
      assert.ok(first["@odata.nextLink"]);
      const deviceId = first.value[0]?.id ?? "";
      const methods = `/api/v1/users/${u.user.id}/authentication/hardwareOathMethods`;
      const assigned = await admin.call("POST", methods, { device: { id: deviceId } });
      assert.deepEqual([assigned.status, assigned.json().status], [201, "assigned"]);
      const code = await oathtoolTotp(key, { timeMs: t.clock.now() });
      assert.equal(
        (await admin.call("POST", `${methods}/${deviceId}/activate`, { verificationCode: code }))
          .status,
        204,
      );
      assert.equal((await admin.call("GET", `${devices}/${deviceId}`)).json().status, "activated");
      assert.equal((await admin.call("DELETE", `${methods}/${deviceId}`)).status, 204);
      assert.equal((await admin.call("GET", `${devices}/${deviceId}`)).json().status, "available");
      const wrongType = await server.inject({
        method: "POST",
        url: `${devices}/import`,
        headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
        payload: {},
      });
      assert.equal(wrongType.statusCode, 400);
    });

    test("risky users and detections after a fraud report; the global administrator dismisses", async () => {
      const reader = await adminClient(t, server, ["securityReader"]);
      const global = await adminClient(t, server, ["globalAdministrator"]);
      const u = await createSignInUser(t, "risky@example.it");
      const asked = await signInWithPassword(t.ctx, {
        tenant: t.tenant,
        upn: u.upn,
        password: testPassword,
        rememberedDeviceToken: null,
        client: { ip: "192.0.2.150", userAgent: "t" },
      });
      assert.equal(asked.kind, "second_factor");
      if (asked.kind !== "second_factor") return;
      await reportFraud(t.ctx, {
        pendingToken: asked.pendingToken,
        client: { ip: "192.0.2.150", userAgent: "t" },
      });
      const risky = await reader.call(
        "GET",
        `/api/v1/identityProtection/riskyUsers?$filter=${encodeURIComponent("riskLevel eq 'high'")}`,
      );
      const found = (risky.json().value as { userPrincipalName: string; riskState: string }[]).find(
        (r) => r.userPrincipalName === u.upn,
      );
      assert.equal(found?.riskState, "atRisk");
      const detections = await reader.call(
        "GET",
        `/api/v1/identityProtection/riskDetections?$filter=${encodeURIComponent(`userId eq '${u.user.id}'`)}`,
      );
      assert.deepEqual(
        (detections.json().value as { riskEventType: string; ipAddress: string }[]).map((d) => [
          d.riskEventType,
          d.ipAddress,
        ]),
        [["userReportedSuspiciousActivity", "192.0.2.150"]],
      );
      const refused = await reader.call("POST", "/api/v1/identityProtection/riskyUsers/dismiss", {
        userIds: [u.user.id],
      });
      assert.equal(refused.status, 403, "a security reader only reads");
      const dismissed = await global.call("POST", "/api/v1/identityProtection/riskyUsers/dismiss", {
        userIds: [u.upn],
      });
      assert.equal(dismissed.status, 204, dismissed.body);
      const after = await reader.call("GET", `/api/v1/users/${u.user.id}`);
      assert.equal(after.json().accountEnabled, true, "the fraud block is lifted");
    });

    test("lockouts: the locked-out users listed, the helpdesk unlocks a user but not an administrator", async () => {
      const { key } = await createApiKey(t.ctx, testActor, t.tenant, { name: "vpn" });
      const validate = (upn: string, code: string) =>
        server.inject({
          method: "POST",
          url: "/api/v1/validate",
          headers: { authorization: `Bearer ${key}` },
          payload: { upn, code },
        });
      const user = await createSignInUser(t, "locked.user@example.it");
      const admin = await createSignInUser(t, "locked.admin@example.it");
      await assignRole(t.ctx, testActor, admin.user, "securityReader");
      for (const u of [user, admin]) {
        for (let i = 0; i < 10; i++) await validate(u.upn, "000000");
      }
      const helpdesk = await adminClient(t, server, ["helpdeskAdministrator"]);
      const listed = await helpdesk.call("GET", "/api/v1/lockedOutUsers");
      assert.equal(listed.status, 200, listed.body);
      const rows = listed.json().value as { userPrincipalName: string; failedAttempts: number }[];
      assert.deepEqual(rows.map((r) => [r.userPrincipalName, r.failedAttempts]).sort(), [
        ["locked.admin@example.it", 10],
        ["locked.user@example.it", 10],
      ]);

      const refused = await helpdesk.call("POST", `/api/v1/users/${admin.user.id}/unlock`);
      assert.equal(refused.status, 403, "the helpdesk acts on non-administrators only");
      const unlocked = await helpdesk.call("POST", `/api/v1/users/${user.upn}/unlock`);
      assert.equal(unlocked.status, 200, unlocked.body);
      const code = await oathtoolTotp(user.secret, { timeMs: t.clock.now() });
      assert.equal((await validate(user.upn, code)).json().result, "accept");
      const again = await helpdesk.call("POST", `/api/v1/users/${user.upn}/unlock`);
      assert.equal(again.status, 400, "a user who is not locked out is not unlocked");
      const still = (await helpdesk.call("GET", "/api/v1/lockedOutUsers")).json().value as {
        userPrincipalName: string;
      }[];
      assert.deepEqual(
        still.map((r) => r.userPrincipalName),
        ["locked.admin@example.it"],
      );
    });

    test("role assignments: listed by Entra's template ids, given and taken by a global administrator, never the last one", async () => {
      const global = await adminClient(t, server, ["globalAdministrator"]);
      const reader = await adminClient(t, server, ["securityReader"]);
      const path = "/api/v1/roleManagement/directory/roleAssignments";
      const helpdeskTemplate = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
      const person = await createSignInUser(t, "new.helpdesk@example.it");

      const refused = await reader.call("POST", path, {
        principalId: person.user.id,
        roleDefinitionId: helpdeskTemplate,
      });
      assert.equal(refused.status, 403, "only a global administrator assigns roles");
      const made = await global.call("POST", path, {
        principalId: person.upn,
        roleDefinitionId: helpdeskTemplate,
        directoryScopeId: "/",
      });
      assert.equal(made.status, 201, made.body);
      const assignment = made.json() as {
        id: string;
        principalId: string;
        roleDisplayName: string;
      };
      assert.equal(assignment.principalId, person.user.id);
      assert.equal(assignment.roleDisplayName, "Helpdesk Administrator");
      const twice = await global.call("POST", path, {
        principalId: person.user.id,
        roleDefinitionId: "helpdeskAdministrator",
      });
      assert.equal(twice.status, 400, "a role is held once");
      const unknown = await global.call("POST", path, {
        principalId: person.user.id,
        roleDefinitionId: "00000000-0000-0000-0000-000000000000",
      });
      assert.equal(unknown.status, 400);

      const filter = encodeURIComponent(`principalId eq '${person.user.id}'`);
      const listed = await reader.call("GET", `${path}?$filter=${filter}`);
      assert.deepEqual(listed.json().value, [assignment]);
      const audit = await reader.call("GET", "/api/v1/auditLogs/directoryAudits?$top=1");
      assert.equal(
        (audit.json().value as { activityDisplayName: string }[])[0]?.activityDisplayName,
        "Add member to role",
      );

      const removed = await global.call("DELETE", `${path}/${assignment.id}`);
      assert.equal(removed.status, 204, removed.body);
      assert.deepEqual((await reader.call("GET", `${path}?$filter=${filter}`)).json().value, []);
      assert.equal((await global.call("DELETE", `${path}/${assignment.id}`)).status, 400);
      assert.equal((await global.call("DELETE", `${path}/not-an-id`)).status, 404);

      // The tenant's only Global Administrator (a user) keeps the role.
      const only = await createSignInUser(t, "the.global@example.it");
      await assignRole(t.ctx, testActor, only.user, "globalAdministrator");
      const all = (await reader.call("GET", path)).json().value as {
        id: string;
        roleDefinitionId: string;
      }[];
      const globals = all.filter(
        (a) => a.roleDefinitionId === "62e90394-69f5-4237-9190-012177145e10",
      );
      assert.equal(globals.length, 1);
      const last = await global.call("DELETE", `${path}/${globals[0]?.id}`);
      assert.equal(last.status, 409, last.body);
      assert.equal((last.json().error as { code: string }).code, "last_global_administrator");
      assert.equal(((await reader.call("GET", path)).json().value as unknown[]).length, all.length);
    });

    test("policy: read, change a field, bad values and unknown fields refused", async () => {
      const policyAdmin = await adminClient(t, server, ["authenticationPolicyAdministrator"]);
      const path = "/api/v1/policies/authenticationMethodsPolicy";
      const changed = await policyAdmin.call("PATCH", path, { rememberDeviceDays: 14 });
      assert.equal(changed.json().rememberDeviceDays, 14);
      assert.equal((await policyAdmin.call("GET", path)).json().rememberDeviceDays, 14);
      for (const [bad, code] of [
        [{ rememberDeviceDays: 400 }, "invalid_policy"],
        [{ trustedIpRanges: ["10.0.0.0/33"] }, "invalid_ip_range"],
        [{ madeUp: 1 }, "invalid_policy"],
      ] as const) {
        const refused = await policyAdmin.call("PATCH", path, bad);
        assert.equal(refused.status, 400, JSON.stringify(bad));
        assert.equal((refused.json().error as { code: string }).code, code);
      }
      assert.equal((await policyAdmin.call("GET", path)).json().rememberDeviceDays, 14);
    });

    test("policy: phishing-resistant MFA for administrators and groups; an unknown group refused", async () => {
      const policyAdmin = await adminClient(t, server, ["authenticationPolicyAdministrator"]);
      const path = "/api/v1/policies/authenticationMethodsPolicy";
      const read = (await policyAdmin.call("GET", path)).json();
      assert.equal(read.phishingResistantForAdministrators, false);
      assert.deepEqual(read.phishingResistantGroupIds, []);
      const group = await createGroup(t.ctx, testActor, t.tenant, "Amministrazione");
      const changed = await policyAdmin.call("PATCH", path, {
        phishingResistantForAdministrators: true,
        phishingResistantGroupIds: [group.id],
      });
      assert.equal(changed.status, 200, changed.body);
      assert.equal(changed.json().phishingResistantForAdministrators, true);
      assert.deepEqual(changed.json().phishingResistantGroupIds, [group.id]);
      for (const [bad, code] of [
        [{ phishingResistantGroupIds: ["no-such-group"] }, "unknown_target_group"],
        [{ phishingResistantGroupIds: [group.id, group.id] }, "invalid_policy"],
        [
          { phishingResistantGroupIds: Array.from({ length: 51 }, (_, i) => `g${i}`) },
          "invalid_policy",
        ],
        [{ phishingResistantForAdministrators: "yes" }, "invalid_policy"],
      ] as const) {
        const refused = await policyAdmin.call("PATCH", path, bad);
        assert.equal(refused.status, 400, JSON.stringify(bad));
        assert.equal((refused.json().error as { code: string }).code, code, refused.body);
      }
      assert.deepEqual((await policyAdmin.call("GET", path)).json(), changed.json());
      const back = await policyAdmin.call("PATCH", path, {
        phishingResistantForAdministrators: false,
        phishingResistantGroupIds: [],
      });
      assert.equal(back.status, 200);
    });
  });
}
