import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { checkLocalPassword } from "../../src/directory/local-password.ts";
import { updateUser } from "../../src/directory/update-user.ts";
import { createAppPassword } from "../../src/methods/app-password/create-app-password.ts";
import { addPhoneMethod } from "../../src/methods/phone/add-phone-method.ts";
import { updatePhoneSettings } from "../../src/phone-settings/update-phone-settings.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { listAppPasswords } from "../../src/store/queries/app-passwords.ts";
import { findTenantById } from "../../src/store/queries/tenants.ts";
import { adminClient } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { enablePhoneMethods } from "../support/phone-tenant.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { codeOf } from "../support/sms-code-of.ts";
import { startTestSmsc, type TestSmsc } from "../support/smsc.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { setPolicy, stable, startReset } from "./support.ts";

const newPassword = "gabbiani sopra il molo di Livorno";

// "Forgot your password?" with one method (a code only) or two.
for (const kind of databaseKinds) {
  describe(`self-service password reset on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let smsc: TestSmsc;
    let n = 0;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      smsc = await startTestSmsc();
      await updatePhoneSettings(t.ctx, testActor, t.tenant.id, {
        smsPrimary: {
          kind: "smpp",
          host: "127.0.0.1",
          port: smsc.port,
          tls: false,
          systemId: "varco",
          password: "secret1",
          sourceAddress: "Varco",
        },
      });
      await enablePhoneMethods(t, ["Sms"]);
      await setPolicy(t, { passwordResetEnabledFor: "all", passwordResetMethodsRequired: 1 });
    });
    after(async () => {
      await server.close();
      await t.close();
      await smsc.close();
    });

    /** A user with an app, a mobile and a mail address. */
    const person = async () => {
      n += 1;
      const upn = `reset${n}.${kind}@scuola.example`;
      const number = `+39 33398765${String(n).padStart(2, "0")}`;
      const u = await createSignInUser(t, upn);
      await addPhoneMethod(t.ctx, testActor, u.user, { phoneType: "mobile", phoneNumber: number });
      const user = await updateUser(t.ctx, testActor, u.user, { mail: `mail${n}@scuola.example` });
      return { ...u, user, number, e164: number.replace(" ", "") };
    };
    const passwordIs = async (upn: string, password: string) =>
      (await checkLocalPassword(t.ctx, t.tenant, upn, password)).kind === "right";

    test("a tenant that allows nobody says so and starts nothing", async () => {
      await setPolicy(t, { passwordResetEnabledFor: "none" });
      const u = await person();
      const { started } = await startReset(server, u.upn);
      assert.equal(started.statusCode, 403);
      assert.match(started.body, /does not let you reset your password/);
      await setPolicy(t, { passwordResetEnabledFor: "all" });
    });

    test("one method: a code from the app, then a new password that signs out everywhere and is e-mailed about", async () => {
      const u = await person();
      const elsewhere = await signInToPages(t, server, u);
      await setPolicy(t, { appPasswordsAllowed: true });
      const tenant = await findTenantById(t.ctx.store.db, t.tenant.id);
      assert.ok(tenant);
      await createAppPassword(t.ctx, testActor, tenant, u.user, { name: "Posta" });
      const reset = await startReset(server, u.upn);
      assert.deepEqual(
        [reset.started.statusCode, reset.started.headers.location],
        [303, "/password-reset/verify"],
      );
      const verify = await reset.get("/password-reset/verify");
      assert.match(verify.body, /Verification step 1 of 1/);
      for (const offered of ["method=sms", "method=authenticatorApp"])
        assert.match(verify.body, new RegExp(offered), "codes are offered with one method");
      assert.doesNotMatch(verify.body, /method=email/, "not while the tenant has e-mail off");
      t.clock.advance(30_000);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const proven = await reset.post("/password-reset/verify", {
        method: "authenticatorApp",
        code,
      });
      assert.equal(proven.headers.location, "/password-reset/verify");
      assert.equal(
        (await reset.get("/password-reset/verify")).headers.location,
        "/password-reset/new-password",
      );
      const weak = await reset.post("/password-reset/new-password", {
        newPassword: "password1",
        repeatedPassword: "password1",
      });
      assert.equal(weak.statusCode, 400);
      const done = await reset.post("/password-reset/new-password", {
        newPassword,
        repeatedPassword: newPassword,
      });
      assert.equal(done.statusCode, 303);
      assert.match(String(done.headers.location), /^\/password-reset\/done/);
      assert.ok(await passwordIs(u.upn, newPassword));
      assert.ok(!(await passwordIs(u.upn, testPassword)));
      assert.notEqual(
        (await elsewhere.get("/security-info")).statusCode,
        200,
        "the old session ended",
      );
      const [audit] = await t.ctx.store.db
        .selectFrom("audit_log")
        .select(["details_json"])
        .where("action", "=", "Reset password (self-service)")
        .where("target_id", "=", u.user.id)
        .execute();
      assert.ok(audit);
      assert.match(String(audit.details_json), /"methods":\["authenticatorApp"\]/);
      assert.deepEqual(await listAppPasswords(t.ctx.store.db, u.user.id), [], "app passwords end");
      assert.doesNotMatch(String(audit.details_json), /gabbiani/);
      const outbox = join(t.dataDir, "outbox");
      const mails = readdirSync(outbox).map((f) => readFileSync(join(outbox, f), "utf8"));
      assert.ok(
        mails.some(
          (m) => m.includes(`mail${n}@scuola.example`) && /your password was reset/.test(m),
        ),
        "the user is told by e-mail",
      );
      const again = await reset.get("/password-reset/new-password");
      assert.equal(again.statusCode, 410, "a completed reset is over");
    });

    test("two methods: a code by SMS to the number typed, and the app's code", async () => {
      await setPolicy(t, { passwordResetMethodsRequired: 2 });
      try {
        const u = await person();
        const reset = await startReset(server, u.upn, "it");
        const verify = await reset.get("/password-reset/verify?method=sms");
        assert.match(verify.body, /Passaggio di verifica 1 di 2/);
        const wrongNumber = await reset.post("/password-reset/send", {
          method: "sms",
          destination: "+39 3330000000",
        });
        assert.equal(wrongNumber.headers.location, "/password-reset/verify?method=sms");
        const sent = await reset.post("/password-reset/send", {
          method: "sms",
          destination: u.number,
        });
        assert.equal(sent.headers.location, "/password-reset/verify?method=sms");
        const sms = await smsc.nextMessage(u.e164);
        assert.equal(
          smsc.messages.filter((m) => m.to === "+393330000000").length,
          0,
          "nothing goes to a number that is not the user's",
        );
        const wrong = await reset.post("/password-reset/verify", { method: "sms", code: "000000" });
        assert.equal(wrong.statusCode, 400);
        await reset.post("/password-reset/verify", { method: "sms", code: codeOf(sms.text) });
        const second = await reset.get("/password-reset/verify");
        assert.match(second.body, /Passaggio di verifica 2 di 2/);
        assert.doesNotMatch(second.body, /method=sms/, "a method proven is not offered again");
        t.clock.advance(30_000);
        const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
        await reset.post("/password-reset/verify", { method: "authenticatorApp", code });
        const done = await reset.post("/password-reset/new-password", {
          newPassword,
          repeatedPassword: newPassword,
        });
        assert.equal(done.statusCode, 303);
        assert.ok(await passwordIs(u.upn, newPassword));
      } finally {
        await setPolicy(t, { passwordResetMethodsRequired: 1 });
      }
    });

    test("the new password cannot be chosen before the methods are proven", async () => {
      const u = await person();
      const reset = await startReset(server, u.upn);
      const early = await reset.post("/password-reset/new-password", {
        newPassword,
        repeatedPassword: newPassword,
      });
      assert.equal(early.headers.location, "/password-reset/verify");
      assert.ok(await passwordIs(u.upn, testPassword));
    });

    test("an administrator proves two methods whatever the tenant asks of others", async () => {
      const u = await person();
      await assignRole(t.ctx, testActor, u.user, "helpdeskAdministrator");
      const reset = await startReset(server, u.upn);
      assert.match((await reset.get("/password-reset/verify")).body, /Verification step 1 of 2/);
    });

    test("5 wrong answers end the reset", async () => {
      const u = await person();
      const reset = await startReset(server, u.upn);
      for (let i = 0; i < 5; i++) {
        const wrong = await reset.post("/password-reset/verify", {
          method: "authenticatorApp",
          code: "000000",
        });
        assert.equal(wrong.statusCode, 400);
      }
      t.clock.advance(30_000);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const late = await reset.post("/password-reset/verify", { method: "authenticatorApp", code });
      assert.equal(late.statusCode, 410);
      assert.match(late.body, /This password reset is over/);
    });

    test("the same pages for a user name that names nobody, and nothing works there", async () => {
      const u = await person();
      const known = await startReset(server, u.upn);
      const unknown = await startReset(server, `nobody${n}.${kind}@scuola.example`);
      assert.equal(unknown.started.headers.location, known.started.headers.location);
      for (const page of ["/password-reset/verify", "/password-reset/verify?method=sms"]) {
        assert.equal(stable((await unknown.get(page)).body), stable((await known.get(page)).body));
      }
      const sent = await unknown.post("/password-reset/send", {
        method: "sms",
        destination: u.number,
      });
      assert.equal(sent.headers.location, "/password-reset/verify?method=sms");
      t.clock.advance(30_000);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const refused = await unknown.post("/password-reset/verify", {
        method: "authenticatorApp",
        code,
      });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /could not verify you/);
    });

    test("Security info asks for reset methods when too few are registered; the API shows the registration, read only", async () => {
      await setPolicy(t, {
        passwordResetMethodsRequired: 2,
        passwordResetMethods: ["sms", "email"],
      });
      try {
        const u = await person();
        const pages = await signInToPages(t, server, u);
        const info = await pages.get("/security-info");
        assert.match(info.body, /asks you to register 2 of the methods below/);
        assert.match(
          info.body,
          /Text message \(a code to a mobile\)<\/li>|Text message \(a code to a mobile\): <strong>registered/,
        );
        const admin = await adminClient(t, server, ["globalAdministrator"]);
        const details = await admin.call(
          "GET",
          `/api/v1/reports/authenticationMethods/userRegistrationDetails/${u.user.id}`,
        );
        assert.equal(details.status, 200, details.body);
        assert.deepEqual(
          {
            enabled: details.json().isSsprEnabled,
            registered: details.json().isSsprRegistered,
            methods: details.json().ssprMethodsRegistered,
          },
          { enabled: true, registered: false, methods: ["sms", "voice", "authenticatorApp"] },
        );
        const passwords = await admin.call(
          "GET",
          `/api/v1/users/${encodeURIComponent(u.upn)}/authentication/passwordMethods`,
        );
        assert.deepEqual(passwords.json().value, [
          { id: "28c10230-6103-485e-b985-444c60001490", password: null, createdDateTime: null },
        ]);
      } finally {
        await setPolicy(t, {
          passwordResetMethodsRequired: 1,
          passwordResetMethods: ["email", "sms", "authenticatorApp"],
        });
      }
    });
  });
}
