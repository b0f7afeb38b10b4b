import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createTenant } from "../../src/directory/create-tenant.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { setPassword } from "../../src/directory/set-password.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { authenticateSession } from "../../src/sessions/authenticate-session.ts";
import { enrolDuringSignIn } from "../../src/sign-in/enrol-during-sign-in.ts";
import { addressCounter } from "../../src/sign-in/password-throttle.ts";
import type { SignInStep } from "../../src/sign-in/types.ts";
import { countUnusedBackupCodes } from "../../src/store/queries/backup-codes.ts";
import { readCounter } from "../../src/store/queries/counters.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import {
  activateRegisteredMethod,
  giveSecondFactor,
  signInWithPassword,
} from "../support/sign-in-events.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const client = { ip: "203.0.113.7", userAgent: "test-browser" };

function expectKind<K extends SignInStep["kind"]>(
  step: SignInStep,
  kind: K,
): Extract<SignInStep, { kind: K }> {
  assert.equal(step.kind, kind, JSON.stringify(step));
  return step as Extract<SignInStep, { kind: K }>;
}

for (const kind of databaseKinds) {
  describe(`sign-in state machine on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    const start = async (
      upn: string,
      password = testPassword,
      rememberedDeviceToken: string | null = null,
    ) =>
      signInWithPassword(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn,
        password,
        rememberedDeviceToken,
        client,
      });

    /** Password, then a code from the app with "don't ask again on this device" ticked. */
    const signInRemembering = async (u: SignInUser) => {
      const asked = expectKind(await start(u.upn), "second_factor");
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const done = expectKind(
        await giveSecondFactor(t.ctx, {
          pendingToken: asked.pendingToken,
          proof: { kind: "code", code },
          rememberDevice: true,
          client,
        }),
        "signed_in",
      );
      return { asked, done };
    };

    test("password then a code from the app: a live session, the log says how", async () => {
      const u = await createSignInUser(t, "code@example.it");
      const asked = expectKind(await start("CODE@example.it"), "second_factor");
      assert.deepEqual(
        asked.methods.map((m) => m.label),
        ["phone"],
      );
      assert.equal(asked.backupCodesLeft, 12);
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const done = expectKind(
        await giveSecondFactor(t.ctx, {
          pendingToken: asked.pendingToken,
          proof: { kind: "code", code, methodId: u.methodId },
          client,
        }),
        "signed_in",
      );
      assert.equal(done.mfa, "code");
      const signedIn = await authenticateSession(t.ctx, done.session.token);
      assert.equal(signedIn?.user.id, u.user.id);
      const [entry] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.deepEqual(
        [entry?.result, entry?.reason, entry?.mfa, entry?.method_id],
        ["success", "success", "code", u.methodId],
      );
      // The pending sign-in is spent: the same step cannot be finished twice.
      const again = await giveSecondFactor(t.ctx, {
        pendingToken: asked.pendingToken,
        proof: { kind: "code", code },
        client,
      });
      assert.equal(again.kind, "expired");
    });

    test("unknown user, wrong password, blocked user: one answer", async () => {
      await createSignInUser(t, "same@example.it");
      const blocked = await createSignInUser(t, "blocked@example.it");
      await (await import("../../src/directory/block-user.ts")).setUserBlocked(
        t.ctx,
        testActor,
        blocked.user,
        { blocked: true, reason: "left" },
      );
      for (const [upn, password] of [
        ["nobody@example.it", testPassword],
        ["same@example.it", "wrong password!"],
        ["blocked@example.it", testPassword],
      ] as const) {
        assert.deepEqual(await start(upn, password), {
          kind: "failed",
          reason: "invalid_credentials",
        });
      }
      const reasons = (await listSignIns(t.ctx.store.db, t.tenant.id, 3))
        .map((e) => e.reason)
        .reverse();
      assert.deepEqual(reasons, ["user_not_found", "invalid_password", "user_blocked"]);
    });

    test("a backup code signs in once", async () => {
      const u = await createSignInUser(t, "backup@example.it");
      const first = expectKind(await start(u.upn), "second_factor");
      const proof = {
        kind: "backupCode" as const,
        code: (u.backupCodes[0] as string).toLowerCase(),
      };
      expectKind(
        await giveSecondFactor(t.ctx, {
          pendingToken: first.pendingToken,
          proof,
          client,
        }),
        "signed_in",
      );
      const second = expectKind(await start(u.upn), "second_factor");
      assert.equal(second.backupCodesLeft, 11);
      const reused = expectKind(
        await giveSecondFactor(t.ctx, {
          pendingToken: second.pendingToken,
          proof,
          client,
        }),
        "second_factor",
      );
      assert.equal(reused.error, "invalid_code");
    });

    test("one pending sign-in finished twice at once, by a code and a backup code: one session", async () => {
      const u = await createSignInUser(t, "double-submit@example.it");
      const asked = expectKind(await start(u.upn), "second_factor");
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const submit = (proof: Parameters<typeof giveSecondFactor>[1]["proof"]) =>
        giveSecondFactor(t.ctx, {
          pendingToken: asked.pendingToken,
          proof,
          client,
        });
      const steps = await Promise.all([
        submit({ kind: "code", code }),
        submit({ kind: "backupCode", code: u.backupCodes[0] as string }),
      ]);
      assert.equal(
        steps.filter((step) => step.kind === "signed_in").length,
        1,
        JSON.stringify(steps),
      );
      const sessions = await t.ctx.store.db
        .selectFrom("sessions")
        .select("id")
        .where("user_id", "=", u.user.id)
        .execute();
      assert.equal(sessions.length, 1);
    });

    const sessionsOf = async (userId: string) =>
      (
        await t.ctx.store.db
          .selectFrom("sessions")
          .select("id")
          .where("user_id", "=", userId)
          .execute()
      ).length;

    /** Sends every proof at once on one pending sign-in; the backup code is spent with a session or not at all. */
    const raceOnePendingSignIn = async (u: SignInUser, proofs: readonly string[]) => {
      const asked = expectKind(await start(u.upn), "second_factor");
      await Promise.all(
        proofs.map((code) =>
          giveSecondFactor(t.ctx, {
            pendingToken: asked.pendingToken,
            proof: { kind: "backupCode", code },
            client,
          }),
        ),
      );
      const sessions = await sessionsOf(u.user.id);
      assert.ok(sessions <= 1);
      assert.equal(
        await countUnusedBackupCodes(t.ctx.store.db, u.user.id),
        u.backupCodes.length - sessions,
        "a backup code spent without a session, or a session without spending it",
      );
    };

    test("one backup code sent 20 times at once, or with wrong codes that lock the user out: spent only with the session it starts", async () => {
      // A threshold below the pending sign-in's 5 attempts: copies refused by the lockout counter
      // end the sign-in while the first copy is finishing it.
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), { lockoutThreshold: 3 });
      try {
        for (let round = 0; round < 4; round++) {
          const u = await createSignInUser(t, `backup-race-${round}@example.it`);
          const right = u.backupCodes[0] as string;
          const wrong = Array.from({ length: 4 }, (_, i) => `WRONG-CODE${i}`);
          await raceOnePendingSignIn(
            u,
            round < 2
              ? Array(20).fill(right)
              : [...wrong.slice(0, round), right, ...wrong.slice(round)],
          );
        }
      } finally {
        await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
          lockoutThreshold: 10,
        });
      }
    });

    test("a spent backup code sent again is a replay: refused, logged as such, and no step towards a lockout", async () => {
      const u = await createSignInUser(t, "backup-replay@example.it");
      const code = u.backupCodes[0] as string;
      const asked = expectKind(await start(u.upn), "second_factor");
      const submit = (pendingToken: string) =>
        giveSecondFactor(t.ctx, { pendingToken, proof: { kind: "backupCode", code }, client });
      expectKind(await submit(asked.pendingToken), "signed_in");
      // Three sign-ins of five attempts each: fifteen tries, past the threshold of ten.
      for (let i = 0; i < 3; i++) {
        const again = expectKind(await start(u.upn), "second_factor");
        for (let j = 0; j < 5; j++) {
          const step = expectKind(await submit(again.pendingToken), "second_factor");
          assert.equal(step.error, "invalid_code");
        }
      }
      expectKind(await start(u.upn), "second_factor");
      const log = (await listSignIns(t.ctx.store.db, t.tenant.id, 200)).filter(
        (e) => e.user_id === u.user.id && e.reason === "code_reused",
      );
      assert.equal(log.length, 15);
    });

    test("a remembered-device cookie sent twice at once skips the second factor once", async () => {
      const u = await createSignInUser(t, "device-twice@example.it");
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        rememberDeviceDays: 30,
      });
      try {
        const { done } = await signInRemembering(u);
        const device = done.rememberedDevice?.token as string;
        const kinds = (
          await Promise.all([
            start(u.upn, testPassword, device),
            start(u.upn, testPassword, device),
          ])
        ).map((step) => step.kind);
        assert.deepEqual(kinds.sort(), ["second_factor", "signed_in"]);
      } finally {
        await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
          rememberDeviceDays: 0,
        });
      }
    });

    test("trusted IP ranges and remembered devices skip the second factor; a password change forgets devices", async () => {
      const u = await createSignInUser(t, "skip@example.it");
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        trustedIpRanges: ["203.0.113.0/24"],
      });
      assert.equal(expectKind(await start(u.upn), "signed_in").mfa, "trustedIp");
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        trustedIpRanges: ["2001:db8::/32"],
        rememberDeviceDays: 30,
      });

      const { asked, done } = await signInRemembering(u);
      assert.equal(asked.rememberDeviceDays, 30);
      const device = done.rememberedDevice?.token as string;
      assert.ok(device);
      const skipped = expectKind(await start(u.upn, testPassword, device), "signed_in");
      assert.equal(skipped.mfa, "rememberedDevice");
      assert.notEqual(skipped.rememberedDevice?.token, device, "the token rotates on use");
      assert.equal(
        (await start(u.upn, testPassword, device)).kind,
        "second_factor",
        "the old token is spent",
      );
      const rotated = skipped.rememberedDevice?.token as string;
      await setPassword(t.ctx, testActor, u.user, "a brand new password");
      assert.equal((await start(u.upn, "a brand new password", rotated)).kind, "second_factor");
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        trustedIpRanges: [],
        rememberDeviceDays: 0,
      });
    });

    test("a user without methods registers one before any session, and gets backup codes", async () => {
      await createUser(t.ctx, testActor, t.tenant, {
        upn: "new@example.it",
        password: testPassword,
      });
      const register = expectKind(await start("new@example.it"), "register");
      assert.deepEqual([register.required, register.registered], [1, 0]);
      const enrolment = await enrolDuringSignIn(t.ctx, {
        pendingToken: register.pendingToken,
        label: "PC-casa",
        client,
      });
      const refused = expectKind(
        await activateRegisteredMethod(t.ctx, {
          pendingToken: register.pendingToken,
          methodId: enrolment.method.id,
          code: "000000",
          client,
        }),
        "register",
      );
      assert.equal(refused.error, "invalid_code");
      const code = await oathtoolTotp(enrolment.secret, { timeMs: t.clock.now() });
      const done = expectKind(
        await activateRegisteredMethod(t.ctx, {
          pendingToken: register.pendingToken,
          methodId: enrolment.method.id,
          code,
          client,
        }),
        "signed_in",
      );
      assert.equal(done.mfa, "registration");
      assert.equal(done.backupCodes?.length, 12);
      t.clock.advance(30_000);
      assert.equal(
        (await start("new@example.it")).kind,
        "second_factor",
        "next time the app is asked for",
      );
    });

    test("lockout: exactly N codes are checked when many wrong guesses arrive at once, then none", async () => {
      const u = await createSignInUser(t, "lock@example.it");
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), { lockoutThreshold: 3 });
      // Twelve pending sign-ins one after the other (at once, more than 10 passwords in flight
      // for one UPN would be throttled), then their wrong codes all at once.
      const pendings: string[] = [];
      for (let i = 0; i < 12; i++) {
        pendings.push(expectKind(await start(u.upn), "second_factor").pendingToken);
      }
      const results = await Promise.all(
        pendings.map((pendingToken) =>
          giveSecondFactor(t.ctx, {
            pendingToken,
            proof: { kind: "code", code: "000000" },
            client,
          }),
        ),
      );
      const evaluated = (await listSignIns(t.ctx.store.db, t.tenant.id, 200)).filter(
        (e) => e.user_id === u.user.id && e.reason === "invalid_code",
      );
      assert.equal(evaluated.length, 3, "exactly the threshold was checked");
      assert.ok(results.filter((r) => r.kind === "locked").length >= 9);
      // While locked, even the right code is not checked.
      assert.equal((await start(u.upn)).kind, "locked");
      t.clock.advance(16 * 60_000);
      const after = expectKind(await start(u.upn), "second_factor");
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      expectKind(
        await giveSecondFactor(t.ctx, {
          pendingToken: after.pendingToken,
          proof: { kind: "code", code },
          client,
        }),
        "signed_in",
      );
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), { lockoutThreshold: 10 });
    });

    test("a pending sign-in has its own budget of attempts, then the password is needed again", async () => {
      const u = await createSignInUser(t, "budget@example.it");
      const asked = expectKind(await start(u.upn), "second_factor");
      for (let i = 0; i < 5; i++) {
        const step = await giveSecondFactor(t.ctx, {
          pendingToken: asked.pendingToken,
          proof: { kind: "code", code: "111111" },
          client,
        });
        assert.equal(step.kind, "second_factor");
      }
      const code = await oathtoolTotp(u.secret, { timeMs: t.clock.now() });
      const spent = await giveSecondFactor(t.ctx, {
        pendingToken: asked.pendingToken,
        proof: { kind: "code", code },
        client,
      });
      assert.equal(spent.kind, "expired");
      t.clock.advance(11 * 60_000);
    });

    test("a right password clears the UPN's count of failures", async () => {
      const u = await createSignInUser(t, "clears@example.it");
      for (let i = 0; i < 9; i++) await start(u.upn, "nope nope nope");
      assert.equal((await start(u.upn)).kind, "second_factor");
      for (let i = 0; i < 9; i++) await start(u.upn, "nope nope nope");
      assert.equal((await start(u.upn)).kind, "second_factor", "nine new failures are not ten");
    });

    test("50 wrong passwords at once for one UPN: exactly 10 are checked, the rest refused unchecked", async () => {
      const u = await createSignInUser(t, "burst@example.it");
      const tenant = await findTenant(t.ctx);
      const from = { ip: "198.51.100.50", userAgent: "burst" };
      const steps = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          signInWithPassword(t.ctx, {
            tenant,
            upn: u.upn,
            password: `guess number ${i}`,
            rememberedDeviceToken: null,
            client: from,
          }),
        ),
      );
      const kinds = steps.map((step) => step.kind);
      assert.equal(kinds.filter((k) => k === "failed").length, 10);
      assert.equal(kinds.filter((k) => k === "throttled").length, 40);
      const logged = (await listSignIns(t.ctx.store.db, tenant.id, 1000)).filter(
        (e) => e.upn === u.upn,
      );
      assert.equal(logged.filter((e) => e.reason === "invalid_password").length, 10);
      assert.equal(logged.filter((e) => e.reason === "throttled").length, 40);
      // Even the right password waits for the window to end.
      expectKind(await start(u.upn), "throttled");
      t.clock.advance(16 * 60_000);
    });

    test("a right password gives the address its attempt back: only failures use up its limit", async () => {
      const u = await createSignInUser(t, "gives-back@example.it");
      const tenant = await findTenant(t.ctx);
      const from = { ip: "198.51.100.51", userAgent: "shared NAT" };
      const signIn = (password: string) =>
        signInWithPassword(t.ctx, {
          tenant,
          upn: u.upn,
          password,
          rememberedDeviceToken: null,
          client: from,
        });
      expectKind(await signIn("not the password"), "failed");
      for (let i = 0; i < 3; i++) expectKind(await signIn(testPassword), "second_factor");
      const count = await readCounter(
        t.ctx.store.db,
        addressCounter(tenant.id, from.ip),
        t.clock.now(),
      );
      assert.equal(count, 1, "one failure; the three right passwords gave theirs back");
    });

    test("one address is throttled after the tenant's number of password failures, over all UPNs; each tenant counts it apart", async () => {
      const u = await createSignInUser(t, "behind-nat@example.it");
      const from = { ip: "198.51.100.52", userAgent: "school NAT" };
      const signIn = async (tenant: Tenant, upn: string, password: string) =>
        signInWithPassword(t.ctx, {
          tenant,
          upn,
          password,
          rememberedDeviceToken: null,
          client: from,
        });
      const setLimit = async (passwordAttemptsPerAddress: number) =>
        changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
          passwordAttemptsPerAddress,
        });
      await setLimit(12);
      try {
        for (let i = 0; i < 12; i++) {
          expectKind(
            await signIn(await findTenant(t.ctx), `pupil${i}@example.it`, "guess"),
            "failed",
          );
        }
        // The thirteenth attempt from there waits, whoever it is for and however right.
        expectKind(await signIn(await findTenant(t.ctx), u.upn, testPassword), "throttled");
        const school = await createTenant(t.ctx, testActor, { name: "other-school" });
        await createUser(t.ctx, testActor, school, { upn: u.upn, password: testPassword });
        expectKind(await signIn(school, u.upn, testPassword), "register");
        // The administrator raises the limit for a school behind one address: sign-in goes on.
        await setLimit(100);
        expectKind(await signIn(await findTenant(t.ctx), u.upn, testPassword), "second_factor");
      } finally {
        await setLimit(100);
      }
    });

    test("password failures are throttled per UPN, known or not", async () => {
      for (let i = 0; i < 10; i++) await start("ghost@example.it", "nope nope nope");
      assert.equal((await start("ghost@example.it", "nope nope nope")).kind, "throttled");
      t.clock.advance(16 * 60_000);
      assert.equal((await start("ghost@example.it", "nope nope nope")).kind, "failed");
    });
  });
}
