import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import type { Fido2SettingsChanges } from "../../src/policy/method-configurations/fido2-settings-changes.ts";
import { updateMethodConfiguration } from "../../src/policy/method-configurations/update-method-configuration.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { findPasskeyCredential } from "../../src/store/queries/passkeys.ts";
import { databaseKinds } from "../support/databases.ts";

import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { softAuthenticatorAaguid } from "../support/soft-authenticator.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { atSecondFactor, createPasskeyUser } from "./passkey-user.ts";
import { authenticator, passkeyServer } from "./support.ts";

// What the tenant decides about passkeys (Fido2's settings, phishing-resistant MFA), seen from
// the sign-in.
for (const kind of databaseKinds) {
  describe(`passkeys as the tenant's policy has them on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await passkeyServer(t);
    });
    after(async () => {
      await server.close();
      await t.close();
    });
    const key = authenticator();
    const fido2 = (changes: Fido2SettingsChanges) =>
      updateMethodConfiguration(t.ctx, testActor, t.tenant.id, "Fido2", changes, {
        sms: false,
        voice: false,
      });
    const defaults = () =>
      fido2({
        isAttestationEnforced: false,
        keyRestrictions: { isEnforced: false },
        isUserVerificationRequired: true,
        clonedCredentialAction: "refuse",
      });
    const registerAtSignIn = async (upn: string, aaguid?: string) => {
      await createUser(t.ctx, testActor, t.tenant, { upn, password: testPassword });
      const browser = browserLike(server);
      await browser.json("POST", "/api/v1/sign-in", { upn, password: testPassword });
      const options = (await browser.json("POST", "/api/v1/sign-in/passkey/options", {})).json();
      const made = key.create(options.options, aaguid ? { aaguid } : {});
      const answer = await browser.json("POST", "/api/v1/sign-in/register/passkey", {
        response: made.response,
      });
      return { answer: answer.json(), made };
    };
    const blocked = "01020304-0506-0708-0102-030405060708";

    test("a blocked model is refused at registration, and a key of it at sign-in once blocked", async () => {
      await fido2({
        keyRestrictions: { isEnforced: true, enforcementType: "block", aaGuids: [blocked] },
      });
      const refused = await registerAtSignIn("blockedmodel@scuola.example", blocked);
      assert.deepEqual(
        [refused.answer.state, refused.answer.error],
        ["register", "passkey_model_not_allowed"],
      );
      const allowed = await registerAtSignIn("othermodel@scuola.example");
      assert.equal(allowed.answer.state, "signed_in");
      // One that hides its model (all zeros) cannot be checked against the list: refused too.
      const hidden = await registerAtSignIn(
        "hiddenmodel@scuola.example",
        "00000000-0000-0000-0000-000000000000",
      );
      assert.equal(hidden.answer.error, "passkey_model_not_allowed");
      // The model allowed yesterday is blocked today: its key signs in no more.
      const before = await createPasskeyUser(t, "yesterday@scuola.example");
      await fido2({ keyRestrictions: { aaGuids: [softAuthenticatorAaguid] } });
      const { browser, options } = await atSecondFactor(server, "yesterday@scuola.example");
      const answer = await browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(options, before.credential),
      });
      assert.equal(answer.json().error, "passkey_failed");
      await defaults();
    });

    test("with attestation enforced, a key that gives none is refused", async () => {
      await fido2({ isAttestationEnforced: true });
      const refused = await registerAtSignIn("attested@scuola.example");
      assert.equal(refused.answer.error, "passkey_attestation_required");
      await defaults();
    });

    test("with clones allowed, a counter that goes back signs in and is flagged", async () => {
      await fido2({ clonedCredentialAction: "allow" });
      const u = await createPasskeyUser(t, "tolerated@scuola.example");
      const first = await atSecondFactor(server, "tolerated@scuola.example");
      await first.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(first.options, u.credential, { counter: 9 }),
      });
      const copy = await atSecondFactor(server, "tolerated@scuola.example");
      const answer = await copy.browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(copy.options, u.credential, { counter: 3 }),
      });
      assert.equal(answer.json().state, "signed_in");
      const row = await findPasskeyCredential(t.ctx.store.db, u.user.id, u.credentialRowId);
      assert.ok(row?.cloned_at);
      await defaults();
    });

    test("user verification not required after the password; always for a passkey alone", async () => {
      await fido2({ isUserVerificationRequired: false });
      const u = await createPasskeyUser(t, "presence@scuola.example");
      const { browser, options } = await atSecondFactor(server, "presence@scuola.example");
      assert.equal(options.userVerification, "preferred");
      const answer = await browser.json("POST", "/api/v1/sign-in/passkey", {
        response: key.get(options, u.credential, { userVerified: false }),
      });
      assert.equal(answer.json().state, "signed_in");
      const alone = browserLike(server);
      const o = (await alone.json("POST", "/api/v1/sign-in/passwordless/options", {})).json();
      const refused = await alone.json("POST", "/api/v1/sign-in/passwordless", {
        response: key.get(o.options, u.credential, { userVerified: false }),
      });
      assert.equal(refused.json().state, "failed");
      await defaults();
    });

    test("Fido2 disabled: no passkey offered, and keys sign in no more", async () => {
      const u = await createPasskeyUser(t, "disabled@scuola.example");
      await fido2({});
      await updateMethodConfiguration(
        t.ctx,
        testActor,
        t.tenant.id,
        "Fido2",
        { state: "disabled" },
        { sms: false, voice: false },
      );
      const browser = browserLike(server);
      const start = await browser.json("POST", "/api/v1/sign-in", {
        upn: u.user.upn,
        password: testPassword,
      });
      // The key was the user's only method: with it unusable, registration is asked, with no passkey.
      assert.equal(start.json().state, "register");
      assert.equal(start.json().passkeyOffered, undefined);
      assert.equal(
        (await browser.json("POST", "/api/v1/sign-in/passkey/options", {})).statusCode,
        403,
      );
      await updateMethodConfiguration(
        t.ctx,
        testActor,
        t.tenant.id,
        "Fido2",
        { state: "enabled" },
        { sms: false, voice: false },
      );
    });

    describe("phishing-resistant MFA for administrators", () => {
      before(async () => {
        await changeTenantPolicy(t.ctx, testActor, t.tenant, {
          phishingResistantForAdministrators: true,
        });
        t = { ...t, tenant: await findTenant(t.ctx) };
      });
      after(async () => {
        await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
          phishingResistantForAdministrators: false,
        });
      });

      test("an administrator with only an app proves it, then registers a passkey before any session", async () => {
        const admin = await createSignInUser(t, "preside@scuola.example");
        await assignRole(t.ctx, testActor, admin.user, "helpdeskAdministrator");
        const browser = browserLike(server);
        await browser.json("POST", "/api/v1/sign-in", {
          upn: "preside@scuola.example",
          password: testPassword,
        });
        const code = await oathtoolTotp(admin.secret, { timeMs: t.clock.now() });
        const after = await browser.json("POST", "/api/v1/sign-in/second-factor", { code });
        assert.deepEqual(
          [after.json().state, after.json().passkeyRequired, after.json().passkeyOffered],
          ["register", true, true],
        );
        const options = (await browser.json("POST", "/api/v1/sign-in/passkey/options", {})).json();
        const made = key.create(options.options);
        const done = await browser.json("POST", "/api/v1/sign-in/register/passkey", {
          response: made.response,
        });
        assert.equal(done.json().state, "signed_in");
        const me = await browser.json("GET", "/api/v1/me");
        assert.equal(me.statusCode, 200);

        // Next time a code is not enough: the passkey is asked for, and alone it will do.
        t.clock.advance(30_000);
        const next = browserLike(server);
        const start = await next.json("POST", "/api/v1/sign-in", {
          upn: "preside@scuola.example",
          password: testPassword,
        });
        assert.deepEqual(
          [start.json().state, start.json().passkey],
          ["second_factor", { count: 1, required: true }],
        );
        assert.deepEqual(start.json().methods, []);
        const get = (await next.json("POST", "/api/v1/sign-in/passkey/options", {})).json();
        const signed = await next.json("POST", "/api/v1/sign-in/passkey", {
          response: key.get(get.options, made.credential),
        });
        assert.equal(signed.json().state, "signed_in");
      });

      test("an administrator with nothing comes in with a Temporary Access Pass, to register a passkey", async () => {
        const admin = await createUser(t.ctx, testActor, t.tenant, {
          upn: "vicario@scuola.example",
          password: testPassword,
        });
        await assignRole(t.ctx, testActor, admin, "helpdeskAdministrator");
        const { pass } = await issueTemporaryAccessPass(t.ctx, testActor, t.tenant, admin, {});
        const browser = browserLike(server);
        const start = await browser.json("POST", "/api/v1/sign-in/temporary-access-pass", {
          upn: "vicario@scuola.example",
          temporaryAccessPass: pass,
        });
        assert.deepEqual([start.json().state, start.json().passkeyRequired], ["register", true]);
        assert.equal(start.json().phoneOffered, undefined);
        const options = (await browser.json("POST", "/api/v1/sign-in/passkey/options", {})).json();
        const done = await browser.json("POST", "/api/v1/sign-in/register/passkey", {
          response: key.create(options.options).response,
        });
        assert.equal(done.json().state, "signed_in");
      });

      test("a user without a role signs in with a code as ever", async () => {
        const teacher = await createSignInUser(t, "docente@scuola.example");
        const browser = browserLike(server);
        await browser.json("POST", "/api/v1/sign-in", {
          upn: "docente@scuola.example",
          password: testPassword,
        });
        const code = await oathtoolTotp(teacher.secret, { timeMs: t.clock.now() });
        const after = await browser.json("POST", "/api/v1/sign-in/second-factor", { code });
        assert.equal(after.json().state, "signed_in");
      });
    });
  });
}
