import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createTenant } from "../../src/directory/create-tenant.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { isVarcoError } from "../../src/errors/varco-error.ts";
import { defaultPhoneSettings } from "../../src/phone-settings/default-phone-settings.ts";
import { smsEnabled, voiceEnabled } from "../../src/phone-settings/phone-enabled.ts";
import type { PhoneSettingsChanges } from "../../src/phone-settings/phone-settings.ts";
import { phoneSettingsSummary } from "../../src/phone-settings/phone-settings-summary.ts";
import { readPhoneSettings } from "../../src/phone-settings/read-phone-settings.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A tenant's phone settings: defaults, every refusal with its code, credentials sealed at rest and
// kept out of the audit log, a credential that never follows a change of address.
const smppPassword = "Sm9pW0rd";
const twilioToken = "tw-token-5f0c2a9e81d4b7";
const voiceToken = "voice-token-9a8b7c6d5e";
const headerKey = "Bearer hdr-secret-31337";

const smpp = {
  kind: "smpp",
  host: "smsc.example.it",
  port: 2775,
  tls: false,
  systemId: "varco",
  password: smppPassword,
  sourceAddress: "Scuola",
} as const;
const twilio = {
  kind: "twilio",
  baseUrl: "https://api.twilio.com",
  accountSid: "AC0123456789abcdef0123456789abcdef",
  authToken: twilioToken,
  from: "+39 333 000 1111",
} as const;
const voice = {
  kind: "twilio",
  baseUrl: "https://api.twilio.com",
  accountSid: "AC0123456789abcdef0123456789abcdef",
  authToken: voiceToken,
} as const;
const template = {
  kind: "httpTemplate",
  url: "https://gw.example.com/send?key=querykey-77",
  method: "POST",
  headers: { Authorization: headerKey },
  contentType: "application/json",
  body: '{"to":"{{to}}","text":"{{text}}"}',
} as const;

for (const kind of databaseKinds) {
  describe(`phone settings on ${kind}`, () => {
    let t: TestApp;
    let school: Tenant;
    before(async () => {
      t = await openTestApp(kind);
      school = await createTenant(t.ctx, testActor, { name: "school", displayName: "Scuola" });
    });
    after(() => t.close());

    const rawRow = async (tenantId: string) =>
      JSON.stringify(
        await t.ctx.store.db
          .selectFrom("tenant_phone_settings")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .execute(),
      );
    const auditOf = async (tenantId: string) =>
      (await listAudit(t.ctx.store.db, tenantId, 1000)).filter(
        (entry) => entry.action === "Update phone settings",
      );

    test("a tenant that never changed them has the defaults: no gateway, Italy only, 0# for fraud", async () => {
      const settings = await readPhoneSettings(t.ctx, t.tenant.id);
      assert.deepEqual(settings, defaultPhoneSettings);
      assert.deepEqual(settings.allowedCountries, ["IT"]);
      assert.equal(settings.fraudCode, "0#");
      assert.equal(smsEnabled(settings), false);
      assert.equal(voiceEnabled(settings), false);
      assert.equal(await rawRow(t.tenant.id), "[]");
    });

    test("gateways and provider are sealed at rest: the raw row holds no password or token", async () => {
      const saved = await updatePhoneSettings(t.ctx, testActor, school.id, {
        smsPrimary: smpp,
        smsSecondary: twilio,
        voiceProvider: voice,
        callerId: "+39 02 1234 5678",
      });
      assert.equal(saved.version, 1);
      assert.equal(saved.callerId, "+390212345678");
      const read = await readPhoneSettings(t.ctx, school.id);
      assert.deepEqual(read.smsPrimary, smpp);
      assert.deepEqual(read.smsSecondary, { ...twilio, from: "+393330001111" });
      assert.deepEqual(read.voiceProvider, voice);
      assert.equal(smsEnabled(read), true);
      assert.equal(voiceEnabled(read), true);

      const row = await rawRow(school.id);
      assert.match(row, /"sms_primary_sealed":"v1\./);
      for (const secret of [smppPassword, twilioToken, voiceToken, "smsc.example.it"]) {
        assert.equal(row.includes(secret), false, `${secret} in the row`);
      }
      if (kind === "sqlite") {
        // The whole database file and its write-ahead log, not only the row as Kysely reads it.
        const file = fileURLToPath(`file://${t.database.url.slice("sqlite:".length)}`);
        const bytes = Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`)]);
        for (const secret of [smppPassword, twilioToken, voiceToken]) {
          assert.equal(bytes.includes(Buffer.from(secret)), false, `${secret} in the file`);
        }
      }
    });

    test("the audit entry names the fields and each gateway's kind and address, never a secret", async () => {
      await updatePhoneSettings(t.ctx, testActor, school.id, { smsSecondary: template });
      const entries = await auditOf(school.id);
      assert.equal(entries.length, 2);
      const text = JSON.stringify(entries);
      for (const secret of [
        smppPassword,
        twilioToken,
        voiceToken,
        headerKey,
        "querykey-77",
        "{{text}}",
      ]) {
        assert.equal(text.includes(secret), false, `${secret} in the audit log`);
      }
      const latest = entries.find((entry) => JSON.stringify(entry).includes("httpTemplate"));
      assert.ok(latest);
      const details = JSON.parse(latest.details_json);
      assert.deepEqual(details.changed, ["smsSecondary"]);
      assert.deepEqual(details.smsSecondary, {
        before: { kind: "twilio", url: "https://api.twilio.com/" },
        after: { kind: "httpTemplate", url: "https://gw.example.com/send" },
      });
      const first = entries.find((entry) => entry !== latest);
      const firstDetails = JSON.parse(first?.details_json ?? "{}");
      assert.deepEqual(firstDetails.changed, [
        "smsPrimary",
        "smsSecondary",
        "voiceProvider",
        "callerId",
      ]);
      assert.deepEqual(firstDetails.smsPrimary.after, {
        kind: "smpp",
        host: "smsc.example.it:2775",
      });
    });

    test("the summary shows every setting but masks each credential as configured", async () => {
      const summary = phoneSettingsSummary(await readPhoneSettings(t.ctx, school.id));
      const text = JSON.stringify(summary);
      for (const secret of [smppPassword, voiceToken, headerKey]) {
        assert.equal(text.includes(secret), false, secret);
      }
      assert.deepEqual(summary.smsPrimary, {
        kind: "smpp",
        host: "smsc.example.it",
        port: 2775,
        tls: false,
        systemId: "varco",
        sourceAddress: "Scuola",
        configured: true,
      });
      assert.deepEqual(
        summary.smsSecondary &&
          "headerNames" in summary.smsSecondary &&
          summary.smsSecondary.headerNames,
        ["Authorization"],
      );
      assert.equal(summary.voiceProvider?.configured, true);
      assert.equal(summary.smsEnabled, true);
    });

    test("a gateway sent without its credential keeps it while kind and address stay, and only then", async () => {
      const { password: _password, ...withoutPassword } = smpp;
      const kept = await updatePhoneSettings(t.ctx, testActor, school.id, {
        smsPrimary: { ...withoutPassword, systemId: "varco2" },
      });
      assert.deepEqual(kept.smsPrimary, { ...smpp, systemId: "varco2" });
      // Pointing the stored password at another host would hand it to that host.
      await assert.rejects(
        updatePhoneSettings(t.ctx, testActor, school.id, {
          smsPrimary: { ...withoutPassword, host: "attacker.example.net" },
        }),
        (error: unknown) =>
          isVarcoError(error, "invalid_sms_gateway") && /password/.test(error.detail ?? ""),
      );
      const { authToken: _token, ...voiceWithoutToken } = voice;
      await assert.rejects(
        updatePhoneSettings(t.ctx, testActor, school.id, {
          voiceProvider: { ...voiceWithoutToken, baseUrl: "https://attacker.example.net" },
        }),
        (error: unknown) => isVarcoError(error, "invalid_voice_provider"),
      );
      const { headers: _headers, ...templateWithoutHeaders } = template;
      const sameHost = await updatePhoneSettings(t.ctx, testActor, school.id, {
        smsSecondary: { ...templateWithoutHeaders, url: "https://gw.example.com/v2/send" },
      });
      assert.deepEqual(
        sameHost.smsSecondary?.kind === "httpTemplate" && sameHost.smsSecondary.headers,
        { Authorization: headerKey },
      );
      const moved = await updatePhoneSettings(t.ctx, testActor, school.id, {
        smsSecondary: { ...templateWithoutHeaders, url: "https://other.example.com/send" },
      });
      assert.deepEqual(
        moved.smsSecondary?.kind === "httpTemplate" && moved.smsSecondary.headers,
        {},
      );
    });

    test("every refusal has its code and changes nothing", async () => {
      const tenant = await createTenant(t.ctx, testActor, { name: "refusals", displayName: "R" });
      await updatePhoneSettings(t.ctx, testActor, tenant.id, { smsPrimary: smpp });
      const rowBefore = await rawRow(tenant.id);
      const auditBefore = (await auditOf(tenant.id)).length;
      const refusals: [Record<string, unknown>, string][] = [
        [{ nonsense: 1 }, "invalid_phone_settings"],
        [{ country: "XX" }, "invalid_country_code"],
        [{ country: "ITA" }, "invalid_country_code"],
        [{ allowedCountries: [] }, "invalid_country_code"],
        [{ allowedCountries: ["IT", "ZZ"] }, "invalid_country_code"],
        [{ allowedCountries: "IT" }, "invalid_country_code"],
        [{ messagesPerUserPerHour: 0 }, "invalid_phone_limit"],
        [{ messagesPerNumberPerHour: 1.5 }, "invalid_phone_limit"],
        [{ messagesPerTenantPerHour: 2_000_000 }, "invalid_phone_limit"],
        [{ monthlyMessageCap: -1 }, "invalid_phone_limit"],
        [{ codeLength: 5 }, "invalid_phone_limit"],
        [{ codeLength: 9 }, "invalid_phone_limit"],
        [{ codeLifetimeMinutes: 16 }, "invalid_phone_limit"],
        [{ resendCooldownSeconds: 14 }, "invalid_phone_limit"],
        [{ resendCooldownSeconds: "30" }, "invalid_phone_limit"],
        [{ fraudCode: "#" }, "invalid_fraud_code"],
        [{ fraudCode: "#0" }, "invalid_fraud_code"],
        [{ fraudCode: "" }, "invalid_fraud_code"],
        [{ fraudCode: "000" }, "invalid_fraud_code"],
        [{ fraudCode: "0a" }, "invalid_fraud_code"],
        [{ callerId: "02 1234 5678" }, "invalid_caller_id"],
        [{ callerId: "+39 12" }, "invalid_caller_id"],
        [{ smsPrimary: { ...smpp, kind: "sms" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...smpp, host: "bad host" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...smpp, port: 70_000 } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...smpp, systemId: "" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...smpp, password: "toolongpassword" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...smpp, sourceAddress: "A name far too long" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...smpp, extra: true } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...twilio, baseUrl: "http://api.twilio.com" } }, "invalid_sms_gateway"],
        [
          { smsPrimary: { ...twilio, baseUrl: "https://u:p@api.twilio.com" } },
          "invalid_sms_gateway",
        ],
        [{ smsPrimary: { ...twilio, accountSid: "" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...twilio, authToken: "" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...twilio, from: "" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...template, body: '{"to":"{{to}}"}' } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...template, method: "PUT" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...template, method: "GET" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...template, url: "ftp://gw.example.com/" } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...template, headers: { "Bad Header": "x" } } }, "invalid_sms_gateway"],
        [{ smsPrimary: { ...template, headers: { A: "x\r\nB: y" } } }, "invalid_sms_gateway"],
        [{ smsPrimary: null, smsSecondary: twilio }, "invalid_sms_gateway"],
        [{ voiceProvider: { ...voice, kind: "vonage" } }, "invalid_voice_provider"],
        [{ voiceProvider: { ...voice, baseUrl: "http://example.com" } }, "invalid_voice_provider"],
        [{ voiceProvider: { ...voice, authToken: "" } }, "invalid_voice_provider"],
      ];
      for (const [change, code] of refusals) {
        await assert.rejects(
          updatePhoneSettings(t.ctx, testActor, tenant.id, change as PhoneSettingsChanges),
          (error: unknown) => isVarcoError(error) && error.code === code,
          JSON.stringify(change),
        );
      }
      assert.equal(await rawRow(tenant.id), rowBefore);
      assert.equal((await auditOf(tenant.id)).length, auditBefore);
    });

    test("http is taken only to a loopback address, where a test double listens", async () => {
      const tenant = await createTenant(t.ctx, testActor, { name: "loopback", displayName: "L" });
      for (const baseUrl of ["http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:8080"]) {
        const saved = await updatePhoneSettings(t.ctx, testActor, tenant.id, {
          smsPrimary: { ...twilio, baseUrl },
        });
        assert.equal(saved.smsPrimary?.kind === "twilio" && saved.smsPrimary.baseUrl, baseUrl);
      }
      await assert.rejects(
        updatePhoneSettings(t.ctx, testActor, tenant.id, {
          smsPrimary: { ...twilio, baseUrl: "http://10.0.0.1:8080" },
        }),
        (error: unknown) => isVarcoError(error, "invalid_sms_gateway"),
      );
    });

    test("limits and countries change, the version grows, and the default list follows the country", async () => {
      const tenant = await createTenant(t.ctx, testActor, { name: "limits", displayName: "L" });
      const moved = await updatePhoneSettings(t.ctx, testActor, tenant.id, { country: "gb" });
      assert.deepEqual([moved.country, moved.allowedCountries, moved.version], ["GB", ["GB"], 1]);
      const changed = await updatePhoneSettings(t.ctx, testActor, tenant.id, {
        allowedCountries: ["gb", "IT", "GB"],
        messagesPerUserPerHour: 3,
        messagesPerNumberPerHour: 2,
        messagesPerTenantPerHour: 1000,
        monthlyMessageCap: 5000,
        fraudCode: "*9",
        codeLength: 8,
        codeLifetimeMinutes: 10,
        resendCooldownSeconds: 60,
      });
      assert.equal(changed.version, 2);
      assert.deepEqual(changed.allowedCountries, ["GB", "IT"]);
      // A list set by hand stays when the country changes.
      const again = await updatePhoneSettings(t.ctx, testActor, tenant.id, { country: "IT" });
      assert.deepEqual(again.allowedCountries, ["GB", "IT"]);
      const { version: _v, updatedAt: _u, ...read } = await readPhoneSettings(t.ctx, tenant.id);
      const { version: _v2, updatedAt: _u2, ...returned } = again;
      assert.deepEqual(read, returned);
      // Nothing changed: no write, no audit entry, the same version.
      const same = await updatePhoneSettings(t.ctx, testActor, tenant.id, { country: "IT" });
      assert.equal(same.version, 3);
      assert.equal((await auditOf(tenant.id)).length, 3);
    });

    test("two changes made from the same read: the second writes nothing and says so", async () => {
      const tenant = await createTenant(t.ctx, testActor, { name: "race", displayName: "R" });
      const results = await Promise.allSettled(
        [3, 4, 6, 7].map((n) =>
          updatePhoneSettings(t.ctx, testActor, tenant.id, { messagesPerUserPerHour: n }),
        ),
      );
      const done = results.filter((r) => r.status === "fulfilled");
      for (const result of results) {
        if (result.status === "rejected") {
          assert.ok(isVarcoError(result.reason, "phone_settings_changed"), String(result.reason));
        }
      }
      const read = await readPhoneSettings(t.ctx, tenant.id);
      assert.equal(read.version, done.length);
      assert.equal((await auditOf(tenant.id)).length, done.length);
    });

    test("a sealed gateway copied to another tenant's row, or to another column, does not open", async () => {
      const source = await createTenant(t.ctx, testActor, { name: "source", displayName: "S" });
      const target = await createTenant(t.ctx, testActor, { name: "target", displayName: "T" });
      await updatePhoneSettings(t.ctx, testActor, source.id, { smsPrimary: smpp });
      await updatePhoneSettings(t.ctx, testActor, target.id, { smsPrimary: twilio });
      const sealed = async (tenantId: string) =>
        (
          await t.ctx.store.db
            .selectFrom("tenant_phone_settings")
            .select("sms_primary_sealed")
            .where("tenant_id", "=", tenantId)
            .executeTakeFirstOrThrow()
        ).sms_primary_sealed;
      const copied = await sealed(source.id);
      await t.ctx.store.db
        .updateTable("tenant_phone_settings")
        .set({ sms_primary_sealed: copied })
        .where("tenant_id", "=", target.id)
        .execute();
      await assert.rejects(readPhoneSettings(t.ctx, target.id), (error: unknown) =>
        isVarcoError(error, "sealed_data_invalid"),
      );
      await t.ctx.store.db
        .updateTable("tenant_phone_settings")
        .set({ sms_primary_sealed: null, voice_provider_sealed: copied })
        .where("tenant_id", "=", source.id)
        .execute();
      await assert.rejects(readPhoneSettings(t.ctx, source.id), (error: unknown) =>
        isVarcoError(error, "sealed_data_invalid"),
      );
    });

    test("removing the tenant's gateways disables SMS; the secondary cannot stay alone", async () => {
      await assert.rejects(
        updatePhoneSettings(t.ctx, testActor, school.id, { smsPrimary: null }),
        (error: unknown) => isVarcoError(error, "invalid_sms_gateway"),
      );
      const removed = await updatePhoneSettings(t.ctx, testActor, school.id, {
        smsPrimary: null,
        smsSecondary: null,
        voiceProvider: null,
      });
      assert.equal(smsEnabled(removed), false);
      assert.equal(voiceEnabled(removed), false);
      assert.match(await rawRow(school.id), /"sms_primary_sealed":null/);
    });
  });
}
