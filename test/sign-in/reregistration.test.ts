import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { requireReregistration } from "../../src/methods/reregistration.ts";
import { enrolDuringSignIn } from "../../src/sign-in/enrol-during-sign-in.ts";
import type { SignInStep } from "../../src/sign-in/types.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listMethods } from "../../src/store/queries/methods.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import {
  activateRegisteredMethod,
  giveSecondFactor,
  signInWithPassword,
} from "../support/sign-in-events.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Seed 003 "Require re-register MFA": at the next sign-in the user sets up MFA again.
const client = { ip: "203.0.113.9", userAgent: "test-browser" };

function expectKind<K extends SignInStep["kind"]>(
  step: SignInStep,
  kind: K,
): Extract<SignInStep, { kind: K }> {
  assert.equal(step.kind, kind, JSON.stringify(step));
  return step as Extract<SignInStep, { kind: K }>;
}

for (const kind of databaseKinds) {
  describe(`re-registration on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    const start = async (upn: string) =>
      signInWithPassword(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn,
        password: testPassword,
        rememberedDeviceToken: null,
        client,
      });
    const registerApp = async (pendingToken: string, label: string) => {
      const enrolment = await enrolDuringSignIn(t.ctx, { pendingToken, label, client });
      t.clock.advance(30_000);
      const code = await oathtoolTotp(enrolment.secret, { timeMs: t.clock.now() });
      return activateRegisteredMethod(t.ctx, {
        pendingToken,
        methodId: enrolment.method.id,
        code,
        client,
      });
    };

    test("the phone is lost: methods removed, the password leads to registration, then all is as usual", async () => {
      const u = await createSignInUser(t, "lost-phone@example.it");
      const ticketed = { ...testActor, ticket: "HD-42" };
      assert.deepEqual(
        await requireReregistration(t.ctx, ticketed, u.user, { removeMethods: true }),
        {
          methodsRemoved: 1,
        },
      );
      assert.deepEqual(await listMethods(t.ctx.store.db, u.user.id), []);
      const [entry] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.action, "Require re-register MFA");
      assert.deepEqual(JSON.parse(entry?.details_json ?? "{}"), {
        upn: "lost-phone@example.it",
        removeMethods: true,
        methodsRemoved: 1,
        ticket: "HD-42",
      });

      const register = expectKind(await start(u.upn), "register");
      assert.equal(register.registered, 0);
      const done = expectKind(await registerApp(register.pendingToken, "nuovo"), "signed_in");
      assert.equal(done.mfa, "registration");
      assert.ok(done.backupCodes, "new backup codes, the old ones were removed");
      // The requirement is met: the next sign-in asks for a code from the new app.
      expectKind(await start(u.upn), "second_factor");
    });

    test("methods kept: a code from the old app first, then a new app before any session", async () => {
      const u = await createSignInUser(t, "keep@example.it");
      await requireReregistration(t.ctx, testActor, u.user, { removeMethods: false });
      const asked = expectKind(await start(u.upn), "second_factor");
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const register = expectKind(
        await giveSecondFactor(t.ctx, {
          pendingToken: asked.pendingToken,
          proof: { kind: "code", code },
          rememberDevice: false,
          client,
        }),
        "register",
      );
      assert.deepEqual([register.required, register.registered], [1, 0]);
      expectKind(await registerApp(register.pendingToken, "tablet"), "signed_in");
      assert.deepEqual((await listMethods(t.ctx.store.db, u.user.id)).map((m) => m.label).sort(), [
        "phone",
        "tablet",
      ]);
      const again = expectKind(await start(u.upn), "second_factor");
      assert.equal(again.methods.length, 2);
    });
  });
}
