import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createTenant } from "../../src/directory/create-tenant.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { readPhoneSettings } from "../../src/phone-settings/read-phone-settings.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { type AdminClient, adminClient } from "./admin-client.ts";

// /api/v1/phoneSettings: the caller's tenant's gateways, limits and countries; credentials go in
// and never come out.
const codeOf = (answer: { json: () => Record<string, unknown> }) =>
  (answer.json().error as { code: string }).code;
const smppPassword = "pw1Secr8";
const voiceToken = "voice-token-c0ffee";
const path = "/api/v1/phoneSettings";

for (const kind of databaseKinds) {
  describe(`phone settings API on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let school: Tenant;
    let admin: AdminClient;
    let policyAdmin: AdminClient;
    let reader: AdminClient;
    let helpdesk: AdminClient;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      school = await createTenant(t.ctx, testActor, { name: "school", displayName: "Scuola" });
      const at = { ...t, tenant: school };
      admin = await adminClient(at, server, ["globalAdministrator"]);
      policyAdmin = await adminClient(at, server, ["authenticationPolicyAdministrator"]);
      reader = await adminClient(at, server, ["securityReader"]);
      helpdesk = await adminClient(at, server, ["helpdeskAdministrator"]);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("the defaults read back before any change", async () => {
      const read = await admin.call("GET", path);
      assert.equal(read.status, 200, read.body);
      assert.deepEqual(read.json(), {
        id: "phoneSettings",
        smsPrimary: null,
        smsSecondary: null,
        voiceProvider: null,
        country: "IT",
        allowedCountries: ["IT"],
        messagesPerUserPerHour: 5,
        messagesPerNumberPerHour: 5,
        messagesPerTenantPerHour: 200,
        monthlyMessageCap: 0,
        callerId: "",
        fraudCode: "0#",
        codeLength: 6,
        codeLifetimeMinutes: 5,
        resendCooldownSeconds: 30,
        smsEnabled: false,
        voiceEnabled: false,
        version: 0,
        updatedAt: null,
      });
    });

    test("PATCH then GET round trip: credentials go in, only `configured` comes out", async () => {
      const set = await policyAdmin.call("PATCH", path, {
        smsPrimary: {
          kind: "smpp",
          host: "127.0.0.1",
          port: 2775,
          tls: false,
          systemId: "varco",
          password: smppPassword,
          sourceAddress: "Scuola",
        },
        voiceProvider: {
          kind: "twilio",
          baseUrl: "http://127.0.0.1:9999",
          accountSid: "AC123",
          authToken: voiceToken,
        },
        callerId: "+39 02 1234 5678",
        allowedCountries: ["IT", "SM", "VA"],
        monthlyMessageCap: 10_000,
      });
      assert.equal(set.status, 200, set.body);
      const got = await reader.call("GET", path);
      assert.equal(got.status, 200);
      assert.deepEqual(got.json(), set.json());
      for (const answer of [set, got]) {
        assert.equal(answer.body.includes(smppPassword), false);
        assert.equal(answer.body.includes(voiceToken), false);
      }
      const body = got.json();
      assert.deepEqual(body.smsPrimary, {
        kind: "smpp",
        host: "127.0.0.1",
        port: 2775,
        tls: false,
        systemId: "varco",
        sourceAddress: "Scuola",
        configured: true,
      });
      assert.deepEqual(body.voiceProvider, {
        kind: "twilio",
        baseUrl: "http://127.0.0.1:9999",
        accountSid: "AC123",
        configured: true,
      });
      assert.equal(body.callerId, "+390212345678");
      assert.deepEqual([body.smsEnabled, body.voiceEnabled, body.version], [true, true, 1]);
      assert.equal(body.updatedAt, new Date(t.clock.now()).toISOString());
    });

    test("a PATCH without a credential keeps the stored one; a moved gateway needs it again", async () => {
      const gateway = {
        kind: "smpp",
        host: "127.0.0.1",
        port: 2775,
        tls: true,
        systemId: "varco",
        sourceAddress: "Scuola",
      };
      const kept = await admin.call("PATCH", path, { smsPrimary: gateway, fraudCode: "9#" });
      assert.equal(kept.status, 200, kept.body);
      const stored = await readPhoneSettings(t.ctx, school.id);
      assert.deepEqual(stored.smsPrimary, { ...gateway, password: smppPassword });
      assert.equal(stored.fraudCode, "9#");
      const moved = await admin.call("PATCH", path, {
        smsPrimary: { ...gateway, host: "smsc.elsewhere.example" },
      });
      assert.deepEqual([moved.status, codeOf(moved)], [400, "invalid_sms_gateway"]);
      assert.deepEqual((await readPhoneSettings(t.ctx, school.id)).smsPrimary, stored.smsPrimary);
    });

    test("bad values are refused with the domain's codes, and nothing changes", async () => {
      const before = (await admin.call("GET", path)).body;
      const audited = async () => (await listAudit(t.ctx.store.db, school.id, 10_000)).length;
      const auditBefore = await audited();
      const refusals: [Record<string, unknown>, number, string][] = [
        [{ country: "XX" }, 400, "invalid_country_code"],
        [{ country: "ITA" }, 400, "invalid_country_code"],
        [{ allowedCountries: [] }, 400, "invalid_country_code"],
        [{ messagesPerUserPerHour: 0 }, 400, "invalid_phone_limit"],
        [{ codeLength: 12 }, 400, "invalid_phone_limit"],
        [{ monthlyMessageCap: "lots" }, 400, "invalid_phone_limit"],
        [{ fraudCode: "#" }, 400, "invalid_fraud_code"],
        [{ callerId: "12345" }, 400, "invalid_caller_id"],
        [{ smsPrimary: { kind: "carrier pigeon" } }, 400, "invalid_sms_gateway"],
        [
          {
            smsSecondary: {
              kind: "twilio",
              baseUrl: "http://api.example.com",
              accountSid: "AC1",
              authToken: "t",
              from: "+393331234567",
            },
          },
          400,
          "invalid_sms_gateway",
        ],
        [
          {
            smsSecondary: {
              kind: "httpTemplate",
              url: "https://gw.example.com/send",
              method: "POST",
              contentType: "application/json",
              body: '{"to":"{{to}}"}',
            },
          },
          400,
          "invalid_sms_gateway",
        ],
        [
          { voiceProvider: { kind: "twilio", baseUrl: "https://x.example" } },
          400,
          "invalid_voice_provider",
        ],
        [{ surprise: true }, 400, "invalid_phone_settings"],
      ];
      for (const [change, status, code] of refusals) {
        const refused = await admin.call("PATCH", path, change);
        assert.deepEqual([refused.status, codeOf(refused)], [status, code], JSON.stringify(change));
      }
      assert.equal((await admin.call("GET", path)).body, before);
      assert.equal(await audited(), auditBefore);
    });

    test("a role that may not change the policy gets 403, and one that may not read it too", async () => {
      const byReader = await reader.call("PATCH", path, { codeLength: 8 });
      assert.deepEqual([byReader.status, codeOf(byReader)], [403, "forbidden"]);
      const byHelpdesk = await helpdesk.call("GET", path);
      assert.deepEqual([byHelpdesk.status, codeOf(byHelpdesk)], [403, "forbidden"]);
      assert.equal((await readPhoneSettings(t.ctx, school.id)).codeLength, 6);
    });

    test("each tenant has its own settings", async () => {
      const other = await adminClient(t, server, ["globalAdministrator"]);
      const read = await other.call("GET", path);
      assert.deepEqual([read.json().smsPrimary, read.json().version], [null, 0]);
    });
  });
}
