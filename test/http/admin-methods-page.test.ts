import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createGroup } from "../../src/directory/create-group.ts";
import { setGroupMember } from "../../src/directory/set-group-member.ts";
import { defaultFido2Settings } from "../../src/policy/method-configurations/fido2-settings.ts";
import { methodsEnabledFor } from "../../src/policy/method-configurations/methods-enabled-for.ts";
import { readMethodConfigurations } from "../../src/policy/method-configurations/read-method-configurations.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// /admin/methods: a policy administrator enables a method for a group from the page, through
// the same function as the API; a refusal is shown in words and changes nothing; a form without
// its CSRF token is refused; a reader sees the settings and no form; other roles are refused.

const noGateway = { sms: false, voice: false };

for (const kind of databaseKinds) {
  describe(`the methods admin page on ${kind}`, () => {
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
    const signedInAs = async (upn: string, role: Role) => {
      const u = await createSignInUser(t, upn);
      await assignRole(t.ctx, testActor, u.user, role);
      return signInToPages(t, server, u);
    };
    const configurationOf = async (id: string) =>
      (await readMethodConfigurations(t.ctx, t.tenant.id)).find((c) => c.id === id);

    test("enable a method for a group, except another; the members have it", async () => {
      const staff = await createGroup(t.ctx, testActor, t.tenant, "Personale");
      const interns = await createGroup(t.ctx, testActor, t.tenant, "Tirocinanti");
      const admin = await signedInAs(
        "methods.admin@example.it",
        "authenticationPolicyAdministrator",
      );
      const member = await createSignInUser(t, "methods.member@example.it");
      const intern = await createSignInUser(t, "methods.intern@example.it");
      await setGroupMember(t.ctx, testActor, staff, member.user, true);
      await setGroupMember(t.ctx, testActor, staff, intern.user, true);
      await setGroupMember(t.ctx, testActor, interns, intern.user, true);

      const page = await admin.get("/admin/methods?lang=it");
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /<a href="\/admin\/methods">Metodi di autenticazione<\/a>/,
        "in the menu",
      );
      assert.match(page.body, /Passkey \(FIDO2\)/);
      assert.match(page.body, /<form method="post" action="\/admin\/methods\/Fido2"/);
      assert.match(page.body, /Serve un gateway/, "Sms and Voice say what they need");

      const saved = await admin.post("/admin/methods/Fido2?lang=en", {
        state: "enabled",
        target: "groups",
        [`include:${staff.id}`]: "on",
        [`exclude:${interns.id}`]: "on",
      });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, "/admin/methods?notice=method_saved#method-Fido2");
      assert.deepEqual(await configurationOf("Fido2"), {
        id: "Fido2",
        state: "enabled",
        includeTargets: [{ targetType: "group", id: staff.id, isRegistrationRequired: false }],
        excludeTargets: [{ targetType: "group", id: interns.id }],
        fido2Settings: defaultFido2Settings,
      });
      const list = await admin.get("/admin/methods?notice=method_saved&lang=en");
      assert.match(list.body, /The method&#39;s settings have been saved\./);
      assert.match(list.body, /Members of: Personale/);
      assert.match(list.body, /Except members of: Tirocinanti/);
      assert.equal(
        (await methodsEnabledFor(t.ctx, t.tenant.id, member.user.id, noGateway)).has("Fido2"),
        true,
      );
      assert.equal(
        (await methodsEnabledFor(t.ctx, t.tenant.id, intern.user.id, noGateway)).has("Fido2"),
        false,
      );

      // Back to all users, no exclusion.
      const all = await admin.post("/admin/methods/Fido2", { state: "enabled", target: "all" });
      assert.equal(all.statusCode, 303);
      assert.deepEqual((await configurationOf("Fido2"))?.excludeTargets, []);
      const [entry] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.action, "Update authentication method configuration");
      assert.equal(entry?.actor_name, "methods.admin@example.it");
    });

    test("refusals are shown in words and change nothing", async () => {
      const admin = await signedInAs("methods.refused@example.it", "globalAdministrator");
      const before = await readMethodConfigurations(t.ctx, t.tenant.id);
      const sms = await admin.post("/admin/methods/Sms?lang=it", {
        state: "enabled",
        target: "all",
      });
      assert.equal(sms.statusCode, 409);
      assert.match(sms.body, /SMS: SMS e chiamate richiedono un gateway/);
      assert.match(sms.body, /<details class="manual" id="method-Sms" open>/, "its form open");
      const noGroup = await admin.post("/admin/methods/Email?lang=en", {
        state: "enabled",
        target: "groups",
      });
      assert.equal(noGroup.statusCode, 400);
      assert.match(noGroup.body, /Email code: The method&#39;s settings are not valid/);
      const gone = await admin.post("/admin/methods/Email", {
        state: "enabled",
        target: "groups",
        "include:0b7e1c2a-0000-4000-8000-000000000000": "on",
      });
      assert.equal(gone.statusCode, 400);
      assert.match(gone.body, /One of the groups chosen does not exist/);
      const unknown = await admin.post("/admin/methods/Telepathy", { state: "enabled" });
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual(await readMethodConfigurations(t.ctx, t.tenant.id), before);
    });

    test("Fido2's settings: shown, changed from their own form, a refusal kept as typed", async () => {
      const admin = await signedInAs(
        "methods.fido2@example.it",
        "authenticationPolicyAdministrator",
      );
      const page = await admin.get("/admin/methods?lang=en");
      assert.match(page.body, /<h2 id="fido2-settings-heading">Passkey and security key settings/);
      assert.match(page.body, /<form method="post" action="\/admin\/methods\/Fido2\/settings"/);
      assert.match(page.body, /Not enforced: every model may register/);

      const yubikey = "cb69481e-8ff7-4039-93ec-0a2729a154a8";
      const other = "0a0b0c0d-1111-4222-8333-444455556666";
      const saved = await admin.post("/admin/methods/Fido2/settings?lang=en", {
        isSelfServiceRegistrationAllowed: "on",
        isAttestationEnforced: "on",
        keyRestrictionsEnforced: "on",
        enforcementType: "allow",
        aaGuids: `${yubikey}\r\n${other}\r\n`,
        clonedCredentialAction: "allow",
      });
      assert.equal(saved.statusCode, 303, saved.body);
      assert.equal(saved.headers.location, "/admin/methods?notice=method_saved#fido2-settings");
      const settings = (await configurationOf("Fido2"))?.fido2Settings;
      assert.deepEqual(settings, {
        isAttestationEnforced: true,
        isSelfServiceRegistrationAllowed: true,
        keyRestrictions: { isEnforced: true, enforcementType: "allow", aaGuids: [yubikey, other] },
        isUserVerificationRequired: false,
        clonedCredentialAction: "allow",
      });
      const shown = await admin.get("/admin/methods?lang=it");
      assert.match(shown.body, /Si possono registrare solo i modelli elencati/);
      assert.match(shown.body, new RegExp(`<code>${yubikey}</code>: YubiKey 5 Series`));
      assert.match(
        shown.body,
        new RegExp(`<code>${other}</code></li>`),
        "an unknown model: no name",
      );
      const [entry] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.action, "Update authentication method configuration");

      // An upper-case AAGUID: refused, shown with what was typed, nothing changed.
      const refused = await admin.post("/admin/methods/Fido2/settings?lang=en", {
        keyRestrictionsEnforced: "on",
        enforcementType: "block",
        aaGuids: "CB69481E-8FF7-4039-93EC-0A2729A154A8",
        clonedCredentialAction: "refuse",
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /Passkey \(FIDO2\): The passkey settings are not valid/);
      assert.match(
        refused.body,
        /<details class="manual" open>\s*<summary>Change the passkey settings/,
      );
      assert.match(refused.body, />CB69481E-8FF7-4039-93EC-0A2729A154A8<\/textarea>/);
      assert.deepEqual((await configurationOf("Fido2"))?.fido2Settings, settings);

      // Back to the defaults, for the other tests.
      const back = await admin.post("/admin/methods/Fido2/settings", {
        isSelfServiceRegistrationAllowed: "on",
        isUserVerificationRequired: "on",
        enforcementType: "block",
        aaGuids: "",
        clonedCredentialAction: "refuse",
      });
      assert.equal(back.statusCode, 303);
      assert.deepEqual((await configurationOf("Fido2"))?.fido2Settings, defaultFido2Settings);
    });

    test("without the CSRF token the form is refused and changes nothing", async () => {
      const admin = await signedInAs("methods.csrf@example.it", "globalAdministrator");
      const before = await configurationOf("Email");
      const forged = await admin.browser.request({
        method: "POST",
        url: "/admin/methods/Email",
        headers: formHeaders,
        payload: new URLSearchParams({ state: "enabled", target: "all" }).toString(),
      });
      assert.equal(forged.statusCode, 403);
      assert.match(forged.body, /form has expired/);
      assert.deepEqual(await configurationOf("Email"), before);
      assert.equal(before?.state, "disabled");
      const settings = await admin.browser.request({
        method: "POST",
        url: "/admin/methods/Fido2/settings",
        headers: formHeaders,
        payload: new URLSearchParams({ enforcementType: "block" }).toString(),
      });
      assert.equal(settings.statusCode, 403);
      assert.deepEqual((await configurationOf("Fido2"))?.fido2Settings, defaultFido2Settings);
    });

    test("a reader sees the settings and no form; a role without readPolicy is refused", async () => {
      const reader = await signedInAs("methods.reader@example.it", "securityReader");
      const page = await reader.get("/admin/methods");
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Your role can read these settings but not change them\./);
      assert.doesNotMatch(page.body, /action="\/admin\/methods\//);
      const post = await reader.post("/admin/methods/Email", { state: "enabled", target: "all" });
      assert.equal(post.statusCode, 403);
      assert.match(page.body, /Passkey and security key settings/, "the settings, read only");
      const settings = await reader.post("/admin/methods/Fido2/settings", {
        enforcementType: "block",
        clonedCredentialAction: "allow",
      });
      assert.equal(settings.statusCode, 403);
      const helpdesk = await signedInAs("methods.helpdesk@example.it", "helpdeskAdministrator");
      const refused = await helpdesk.get("/admin/methods");
      assert.equal(refused.statusCode, 403);
      assert.doesNotMatch(
        (await helpdesk.get("/admin/users")).body,
        /href="\/admin\/methods"/,
        "no menu entry",
      );
      assert.equal((await configurationOf("Email"))?.state, "disabled");
    });
  });
}
