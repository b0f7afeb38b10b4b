import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { readPhoneSettings } from "../../src/phone-settings/read-phone-settings.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { csrfOf, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// /admin/phone: an administrator sets the SMS gateways, the limits and the call settings from
// the page; credentials are password fields never filled in, and empty keeps the stored one; a
// refused value is shown with its reason and changes nothing; a reader sees no form.
const smppPassword = "s3cretPw";
const voiceToken = "voice-tok-4242";

const smsForm = (token: string, extra: Record<string, string> = {}) => ({
  _csrf: token,
  section: "sms",
  primaryKind: "smpp",
  primaryHost: "smsc.example.it",
  primaryPort: "2775",
  primaryTls: "on",
  primarySystemId: "varco",
  primaryPassword: smppPassword,
  primarySourceAddress: "Comune",
  secondaryKind: "",
  ...extra,
});

describe("the phone settings admin page", () => {
  let t: TestApp;
  let server: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildTestServer(t.ctx);
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  test("a Global Administrator sets a gateway, limits and the call settings; credentials never come back", async () => {
    const u = await createSignInUser(t, "phone.admin@example.it");
    await assignRole(t.ctx, testActor, u.user, "globalAdministrator");
    const admin = await signInToPages(t, server, u);
    const page = await admin.get("/admin/phone");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a href="\/admin\/phone">Phone settings<\/a>/, "in the admin menu");
    assert.match(page.body, /<h2 id="sms">SMS gateway<\/h2>/);
    const token = csrfOf(page.body);

    const forged = await admin.post("/admin/phone", smsForm("x".repeat(43)));
    assert.equal(forged.statusCode, 403);
    assert.equal((await readPhoneSettings(t.ctx, t.tenant.id)).version, 0, "nothing changed");

    const saved = await admin.post("/admin/phone", smsForm(token));
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, "/admin/phone?notice=phone_settings_saved");
    const stored = await readPhoneSettings(t.ctx, t.tenant.id);
    assert.deepEqual(stored.smsPrimary, {
      kind: "smpp",
      host: "smsc.example.it",
      port: 2775,
      tls: true,
      systemId: "varco",
      password: smppPassword,
      sourceAddress: "Comune",
    });

    const shown = await admin.get("/admin/phone?notice=phone_settings_saved");
    assert.match(shown.body, /The phone settings have been saved/);
    assert.match(shown.body, /value="smsc\.example\.it"/);
    assert.match(shown.body, /Stored: leave empty to keep it/);
    assert.equal(shown.body.includes(smppPassword), false, "the password is never shown");

    // The same form with the password left empty keeps it.
    const kept = await admin.post(
      "/admin/phone",
      smsForm(token, { primaryPassword: "", primarySystemId: "varco2" }),
    );
    assert.equal(kept.statusCode, 303, kept.body);
    const afterKeep = await readPhoneSettings(t.ctx, t.tenant.id);
    assert.equal(
      afterKeep.smsPrimary?.kind === "smpp" && afterKeep.smsPrimary.password,
      smppPassword,
    );
    assert.equal(afterKeep.smsPrimary?.kind === "smpp" && afterKeep.smsPrimary.systemId, "varco2");

    const limits = await admin.post("/admin/phone", {
      _csrf: token,
      section: "limits",
      country: "it",
      allowedCountries: "IT SM\nVA",
      messagesPerUserPerHour: "3",
      messagesPerNumberPerHour: "3",
      messagesPerTenantPerHour: "150",
      monthlyMessageCap: "2000",
      codeLength: "7",
      codeLifetimeMinutes: "4",
      resendCooldownSeconds: "45",
    });
    assert.equal(limits.statusCode, 303, limits.body);
    const voice = await admin.post("/admin/phone", {
      _csrf: token,
      section: "voice",
      voiceKind: "twilio",
      voiceBaseUrl: "http://127.0.0.1:9",
      voiceAccountSid: "AC42",
      voiceAuthToken: voiceToken,
      callerId: "+39 050 123456",
      fraudCode: "*0",
    });
    assert.equal(voice.statusCode, 303, voice.body);
    const all = await readPhoneSettings(t.ctx, t.tenant.id);
    assert.deepEqual(
      [all.allowedCountries, all.monthlyMessageCap, all.codeLength, all.callerId, all.fraudCode],
      [["IT", "SM", "VA"], 2000, 7, "+39050123456", "*0"],
    );
    assert.equal(all.voiceProvider?.authToken, voiceToken);
    assert.equal(all.smsPrimary?.kind, "smpp", "another section leaves the gateway alone");
    const final = await admin.get("/admin/phone?lang=it");
    assert.match(final.body, /Impostazioni telefonata/);
    assert.equal(final.body.includes(voiceToken), false);
  });

  test("a refused value is shown with its reason, keeps what was typed but no credential, and changes nothing", async () => {
    const u = await createSignInUser(t, "phone.policy@example.it");
    await assignRole(t.ctx, testActor, u.user, "authenticationPolicyAdministrator");
    const admin = await signInToPages(t, server, u);
    const token = csrfOf((await admin.get("/admin/phone")).body);
    const before = await readPhoneSettings(t.ctx, t.tenant.id);
    const audited = (await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length;

    const badFraud = await admin.post("/admin/phone", {
      _csrf: token,
      section: "voice",
      voiceKind: "twilio",
      voiceBaseUrl: "http://127.0.0.1:9",
      voiceAccountSid: "AC42",
      voiceAuthToken: "typed-token-77",
      callerId: "+39 050 123456",
      fraudCode: "#",
    });
    assert.equal(badFraud.statusCode, 400);
    assert.match(badFraud.body, /The fraud code has one or two of the keys/);
    assert.match(badFraud.body, /id="fraudCode"[^>]*value="#"|value="#"[^>]*id="fraudCode"/);
    assert.equal(badFraud.body.includes("typed-token-77"), false);

    const plainHttp = await admin.post(
      "/admin/phone",
      smsForm(token, {
        primaryKind: "twilio",
        primaryBaseUrl: "http://api.example.com",
        primaryAccountSid: "AC1",
        primaryAuthToken: "t0k",
        primaryFrom: "+393331234567",
      }),
    );
    assert.equal(plainHttp.statusCode, 400);
    assert.match(plainHttp.body, /The SMS gateway settings are not valid/);
    const badCountry = await admin.post("/admin/phone", {
      _csrf: token,
      section: "limits",
      country: "IT",
      allowedCountries: "IT XX",
      messagesPerUserPerHour: "5",
      messagesPerNumberPerHour: "5",
      messagesPerTenantPerHour: "200",
      monthlyMessageCap: "0",
      codeLength: "6",
      codeLifetimeMinutes: "5",
      resendCooldownSeconds: "30",
    });
    assert.equal(badCountry.statusCode, 400);
    assert.match(badCountry.body, /ISO 3166/);

    assert.deepEqual(await readPhoneSettings(t.ctx, t.tenant.id), before);
    assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 10_000)).length, audited);
  });

  test("a Security Reader sees the settings without a form; a helpdesk administrator not at all", async () => {
    const u = await createSignInUser(t, "phone.reader@example.it");
    await assignRole(t.ctx, testActor, u.user, "securityReader");
    const reader = await signInToPages(t, server, u);
    const page = await reader.get("/admin/phone");
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /action="\/admin\/phone"/);
    assert.match(page.body, /Your roles let you read these settings, not change them/);
    const refused = await reader.post("/admin/phone", smsForm(csrfOf(page.body)));
    assert.equal(refused.statusCode, 403);

    const h = await createSignInUser(t, "phone.helpdesk@example.it");
    await assignRole(t.ctx, testActor, h.user, "helpdeskAdministrator");
    const helpdesk = await signInToPages(t, server, h);
    const users = await helpdesk.get("/admin/users");
    assert.doesNotMatch(users.body, /href="\/admin\/phone"/, "not in the menu");
    assert.equal((await helpdesk.get("/admin/phone")).statusCode, 403);
  });
});
