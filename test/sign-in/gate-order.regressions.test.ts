import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { requireReregistration } from "../../src/methods/reregistration.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { authenticateSession } from "../../src/sessions/authenticate-session.ts";
import { enrolDuringSignIn } from "../../src/sign-in/enrol-during-sign-in.ts";
import type { SignInStep } from "../../src/sign-in/types.ts";
import { setPasswordChangeRequired } from "../../src/store/queries/risk.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import {
  activateRegisteredMethod,
  changePasswordDuringSignIn,
  giveSecondFactor,
  signInWithPass,
  signInWithPassword,
} from "../support/sign-in-events.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// What the five hand-ordered sign-in paths let through, and the gates now refuse.
const client = { ip: "203.0.113.11", userAgent: "test-browser" };

function expectKind<K extends SignInStep["kind"]>(
  step: SignInStep,
  kind: K,
): Extract<SignInStep, { kind: K }> {
  assert.equal(step.kind, kind, JSON.stringify(step));
  return step as Extract<SignInStep, { kind: K }>;
}

for (const kind of databaseKinds) {
  describe(`the gates' order on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    const password = async (u: SignInUser, typed = testPassword) =>
      signInWithPassword(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn: u.upn,
        password: typed,
        client,
      });
    const owesPassword = (u: SignInUser) =>
      setPasswordChangeRequired(t.ctx.store.db, u.user.id, t.clock.now());
    const registerApp = async (pendingToken: string) => {
      const enrolment = await enrolDuringSignIn(t.ctx, {
        pendingToken,
        label: "new-phone",
        client,
      });
      t.clock.advance(30_000);
      const code = await oathtoolTotp(enrolment.secret, { timeMs: t.clock.now() });
      return activateRegisteredMethod(t.ctx, {
        pendingToken,
        methodId: enrolment.method.id,
        code,
        client,
      });
    };
    const sessionOf = async (step: SignInStep) =>
      (await authenticateSession(t.ctx, expectKind(step, "signed_in").session.token))?.session;

    test("methods removed and a new password owed: registering an app does not skip the password change", async () => {
      const u = await createSignInUser(t, "owes-both@example.it");
      await requireReregistration(t.ctx, testActor, u.user, { removeMethods: true });
      await owesPassword(u);
      const register = expectKind(await password(u), "register");
      const change = expectKind(await registerApp(register.pendingToken), "change_password");
      assert.ok(change.pendingToken);
      const done = await changePasswordDuringSignIn(t.ctx, {
        pendingToken: change.pendingToken,
        newPassword: "a new and better passphrase",
        client,
      });
      const session = await sessionOf(done);
      assert.deepEqual([session?.mfa, session?.firstFactor], ["registration", "password"]);
    });

    test("the same with a Temporary Access Pass: the pass skips neither the password change nor the registration", async () => {
      const u = await createSignInUser(t, "owes-both-tap@example.it");
      await requireReregistration(t.ctx, testActor, u.user, { removeMethods: true });
      await owesPassword(u);
      const { pass } = await issueTemporaryAccessPass(
        t.ctx,
        testActor,
        await findTenant(t.ctx),
        u.user,
        {},
      );
      // The pass proves both factors: the password change comes first, then the registration.
      const change = expectKind(
        await signInWithPass(t.ctx, { tenant: await findTenant(t.ctx), upn: u.upn, pass, client }),
        "change_password",
      );
      const register = expectKind(
        await changePasswordDuringSignIn(t.ctx, {
          pendingToken: change.pendingToken,
          newPassword: "another new passphrase",
          client,
        }),
        "register",
      );
      const done = await registerApp(register.pendingToken);
      const session = await sessionOf(done);
      assert.deepEqual(
        [session?.mfa, session?.firstFactor],
        ["temporaryAccessPass", "temporaryAccessPass"],
        "the pass proved both factors; the log and the session say so",
      );
      const [entry] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.deepEqual(
        [entry?.result, entry?.mfa, entry?.method_kind, entry?.first_factor],
        ["success", "temporaryAccessPass", "temporaryAccessPass", "temporaryAccessPass"],
      );
    });

    test("a password change does not skip a registration still owed", async () => {
      const u = await createSignInUser(t, "owes-register@example.it");
      await requireReregistration(t.ctx, testActor, u.user, { removeMethods: false });
      await owesPassword(u);
      const asked = expectKind(await password(u), "second_factor");
      const change = expectKind(
        await giveSecondFactor(t.ctx, {
          pendingToken: asked.pendingToken,
          proof: { kind: "code", code: await oathtoolTotp(u.secret, { timeMs: t.clock.now() }) },
          client,
        }),
        "change_password",
      );
      const register = expectKind(
        await changePasswordDuringSignIn(t.ctx, {
          pendingToken: change.pendingToken,
          newPassword: "yet another passphrase",
          client,
        }),
        "register",
      );
      const session = await sessionOf(await registerApp(register.pendingToken));
      assert.equal(session?.mfa, "code", "MFA was satisfied by the code, before the registration");
    });

    test("a backup code then a password change: the session and the log say backupCode, not code", async () => {
      const u = await createSignInUser(t, "backup-then-change@example.it");
      await owesPassword(u);
      const asked = expectKind(await password(u), "second_factor");
      const change = expectKind(
        await giveSecondFactor(t.ctx, {
          pendingToken: asked.pendingToken,
          proof: { kind: "backupCode", code: u.backupCodes[0] as string },
          client,
        }),
        "change_password",
      );
      const done = await changePasswordDuringSignIn(t.ctx, {
        pendingToken: change.pendingToken,
        newPassword: "a passphrase of my own",
        client,
      });
      assert.equal((await sessionOf(done))?.mfa, "backupCode");
      const [entry] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.deepEqual([entry?.mfa, entry?.method_kind], ["backupCode", "backupCode"]);
    });

    test("an event out of order changes nothing: no password change, no registration before the second factor", async () => {
      const u = await createSignInUser(t, "out-of-order@example.it");
      await owesPassword(u);
      const asked = expectKind(await password(u), "second_factor");
      const skipped = await changePasswordDuringSignIn(t.ctx, {
        pendingToken: asked.pendingToken,
        newPassword: "changed without the code",
        client,
      });
      expectKind(skipped, "second_factor");
      expectKind(await password(u, "changed without the code"), "failed");
      await assert.rejects(
        enrolDuringSignIn(t.ctx, { pendingToken: asked.pendingToken, label: "sneaky", client }),
        /sign_in_expired|expired/,
      );
    });
  });
}
