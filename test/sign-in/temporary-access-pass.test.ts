import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { keyedHash } from "../../src/crypto/keyed-hash.ts";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import type { ErrorCode } from "../../src/errors/codes.ts";
import { VarcoError } from "../../src/errors/varco-error.ts";
import { requireReregistration } from "../../src/methods/reregistration.ts";
import { minimumPassLength, passAlphabet } from "../../src/methods/temporary-access-pass/format.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { removeTemporaryAccessPass } from "../../src/methods/temporary-access-pass/remove.ts";
import { parseTenantPolicy } from "../../src/policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { enrolDuringSignIn } from "../../src/sign-in/enrol-during-sign-in.ts";
import type { SignInStep } from "../../src/sign-in/types.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import {
  findTemporaryAccessPass,
  insertTemporaryAccessPass,
} from "../../src/store/queries/temporary-access-passes.ts";
import { findUserById } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import {
  activateRegisteredMethod,
  giveSecondFactor,
  signInWithPass,
  signInWithPassword,
} from "../support/sign-in-events.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Seed 003 "Temporary Access Pass": the helpdesk's way back in for a user who lost the phone.
const minute = 60_000;

async function assertVarcoError(run: () => Promise<unknown>, code: ErrorCode, detail?: RegExp) {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof VarcoError, `expected a VarcoError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (detail) assert.match(error.detail ?? "", detail);
    return true;
  });
}

function expectKind<K extends SignInStep["kind"]>(
  step: SignInStep,
  kind: K,
): Extract<SignInStep, { kind: K }> {
  assert.equal(step.kind, kind, JSON.stringify(step));
  return step as Extract<SignInStep, { kind: K }>;
}

for (const kind of databaseKinds) {
  describe(`Temporary Access Pass on ${kind}`, () => {
    let t: TestApp;
    let ip = 0;
    // Each test signs in from an address of its own, so the per-address throttle stays apart.
    const client = () => ({ ip: `198.51.100.${++ip}`, userAgent: "test-browser" });
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    const tenant = () => findTenant(t.ctx);
    const signInWith = async (upn: string, pass: string, from = client()) =>
      signInWithPass(t.ctx, { tenant: await tenant(), upn, pass, client: from });
    const issue = async (
      user: Parameters<typeof issueTemporaryAccessPass>[3],
      request: Parameters<typeof issueTemporaryAccessPass>[4] = {},
    ) => issueTemporaryAccessPass(t.ctx, testActor, await tenant(), user, request);

    test("issued with the tenant's defaults, shown once, kept only as a keyed hash, audited", async () => {
      const u = await createSignInUser(t, "issued@example.it");
      const helpdesk = { ...testActor, ticket: "HD-7" };
      const issued = await issueTemporaryAccessPass(t.ctx, helpdesk, await tenant(), u.user, {});
      assert.match(issued.pass, /^[34679ACDEFGHJKLMNPQRTUVWXY]{10}$/);
      assert.deepEqual(
        [issued.startAt, issued.expiresAt - issued.startAt, issued.usableOnce],
        [t.clock.now(), 60 * minute, false],
      );
      const stored = await findTemporaryAccessPass(t.ctx.store.db, u.user.id);
      assert.ok(stored && !stored.passHash.includes(issued.pass));
      const [entry] = await listAudit(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.action, "Create temporary access pass");
      assert.ok(!entry?.details_json.includes(issued.pass), "the pass is not in the audit log");
      assert.deepEqual(JSON.parse(entry?.details_json ?? "{}"), {
        upn: "issued@example.it",
        startAt: new Date(t.clock.now()).toISOString(),
        lifetimeMinutes: 60,
        usableOnce: false,
        ticket: "HD-7",
      });
    });

    test("a pass is read over the phone: no look-alike characters, any case, spaces and hyphens ignored", async () => {
      for (const c of "0O1lI5S2Z8B") assert.ok(!passAlphabet.includes(c), `no ${c}`);
      assert.equal(new Set(passAlphabet).size, passAlphabet.length);
      assert.equal(passAlphabet, passAlphabet.toUpperCase(), "one case only");
      // At least the strength of the 8 characters of 55 used before.
      const bits = minimumPassLength * Math.log2(passAlphabet.length);
      assert.ok(bits >= 8 * Math.log2(55), `${bits} bits`);
      const u = await createSignInUser(t, "phone@example.it");
      const issued = await issue(u.user, { lifetimeMinutes: 120 });
      assert.equal(issued.pass.length, 10);
      const grouped = `${issued.pass.slice(0, 4)} ${issued.pass.slice(4, 8)}-${issued.pass.slice(8)}`;
      for (const typed of [issued.pass.toLowerCase(), ` ${grouped.toLowerCase()} `, issued.pass]) {
        expectKind(await signInWith(u.upn, typed), "signed_in");
      }
    });

    test("a pass issued before passes ignored case still works, as it was issued", async () => {
      const u = await createSignInUser(t, "older@example.it");
      const old = "aB3dEf7h";
      const now = t.clock.now();
      // Kept as the earlier version kept it: the keyed hash of the pass exactly as issued.
      await insertTemporaryAccessPass(t.ctx.store.db, {
        id: randomUUID(),
        tenant_id: t.tenant.id,
        user_id: u.user.id,
        pass_hash: keyedHash(t.ctx.keyring, `temporary-access-pass:${u.user.id}:${old}`),
        usable_once: 0,
        created_at: now,
        start_at: now,
        expires_at: now + 60 * minute,
        used_at: null,
        last_used_at: null,
      });
      expectKind(await signInWith(u.upn, old), "signed_in");
      expectKind(await signInWith(u.upn, ` ${old} `), "signed_in");
      expectKind(await signInWith(u.upn, "ab3def7h"), "failed");
      expectKind(await signInWith(u.upn, "AB3DEF7H"), "failed");
      const [entry] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(entry?.reason, "invalid_temporary_access_pass");
    });

    test("a tenant that kept a pass length of 8 gets passes of 10; less than 10 is refused now", async () => {
      const stored = parseTenantPolicy(JSON.stringify({ tapLength: 8 }));
      assert.equal(stored.tapLength, 10);
      assert.equal(parseTenantPolicy(JSON.stringify({ tapLength: 12 })).tapLength, 12);
      await assertVarcoError(
        () => changeTenantPolicy(t.ctx, testActor, t.tenant, { tapLength: 9 }),
        "invalid_policy",
        /tapLength must be an integer from 10 to 48/,
      );
    });

    test("outside the tenant's limits: refused, naming the limit, and nothing is written", async () => {
      const u = await createSignInUser(t, "limits@example.it");
      const audited = (await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length;
      const now = t.clock.now();
      for (const [request, message] of [
        [{ lifetimeMinutes: 59 }, /from 60 to 480 minutes/],
        [{ lifetimeMinutes: 481 }, /from 60 to 480 minutes/],
        [{ startAt: now - 10 * minute }, /from now to 30 days ahead/],
        [{ startAt: now + 31 * 24 * 60 * minute }, /from now to 30 days ahead/],
      ] as const) {
        await assertVarcoError(
          () => issue(u.user, request),
          "invalid_temporary_access_pass",
          message,
        );
      }
      assert.equal(await findTemporaryAccessPass(t.ctx.store.db, u.user.id), undefined);
      assert.equal((await listAudit(t.ctx.store.db, t.tenant.id, 1000)).length, audited);
    });

    test("at most one live pass per user; a deleted, spent or expired one makes room", async () => {
      const u = await createSignInUser(t, "one@example.it");
      await issue(u.user);
      await assertVarcoError(() => issue(u.user), "temporary_access_pass_exists");
      // Two at once: one lands.
      await removeTemporaryAccessPass(t.ctx, testActor, u.user);
      const both = await Promise.allSettled([issue(u.user), issue(u.user)]);
      assert.equal(both.filter((r) => r.status === "fulfilled").length, 1);
      await removeTemporaryAccessPass(t.ctx, testActor, u.user);
      await assertVarcoError(
        () => removeTemporaryAccessPass(t.ctx, testActor, u.user),
        "temporary_access_pass_not_found",
      );
      const once = await issue(u.user, { usableOnce: true });
      expectKind(await signInWith(u.upn, once.pass), "signed_in");
      const expiring = await issue(u.user, { lifetimeMinutes: 60 });
      t.clock.advance(61 * minute);
      expectKind(await signInWith(u.upn, expiring.pass), "failed");
      await issue(u.user);
    });

    test("the phone is lost: the pass signs in without password or code, as often as its lifetime allows", async () => {
      const u = await createSignInUser(t, "lost@example.it");
      const issued = await issue(u.user, { lifetimeMinutes: 120 });
      const first = expectKind(await signInWith(" LOST@example.it ", issued.pass), "signed_in");
      assert.equal(first.mfa, "temporaryAccessPass");
      t.clock.advance(60 * minute);
      expectKind(await signInWith(u.upn, issued.pass), "signed_in");
      const [entry] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.deepEqual(
        [entry?.result, entry?.reason, entry?.method_kind, entry?.mfa],
        ["success", "success", "temporaryAccessPass", "temporaryAccessPass"],
      );
      t.clock.advance(61 * minute);
      expectKind(await signInWith(u.upn, issued.pass), "failed");
      const [expired] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(expired?.reason, "temporary_access_pass_expired_or_used");
    });

    test("with the old methods removed, the pass leads to registration of a new app", async () => {
      const u = await createSignInUser(t, "register@example.it");
      await requireReregistration(t.ctx, testActor, u.user, { removeMethods: false });
      const issued = await issue(u.user);
      const from = client();
      const register = expectKind(await signInWith(u.upn, issued.pass, from), "register");
      assert.deepEqual([register.required, register.registered], [1, 0]);
      const enrolment = await enrolDuringSignIn(t.ctx, {
        pendingToken: register.pendingToken,
        label: "nuovo",
        client: from,
      });
      const code = await oathtoolTotp(enrolment.secret, { timeMs: t.clock.now() });
      const done = await activateRegisteredMethod(t.ctx, {
        pendingToken: register.pendingToken,
        methodId: enrolment.method.id,
        code,
        client: from,
      });
      expectKind(done, "signed_in");
      assert.equal((await findUserById(t.ctx.store.db, u.user.id))?.reregisterRequiredAt, null);
    });

    test("a one-time pass sent 20 times at once signs in once", async () => {
      const u = await createSignInUser(t, "race@example.it");
      const issued = await issue(u.user, { usableOnce: true });
      const steps = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          signInWith(u.upn, issued.pass, { ip: `192.0.2.${i + 1}`, userAgent: "test-browser" }),
        ),
      );
      assert.equal(steps.filter((s) => s.kind === "signed_in").length, 1);
      // The rest are refused: checked and spent already, or beyond the 10 attempts a UPN may
      // have in flight.
      assert.equal(steps.filter((s) => s.kind === "failed" || s.kind === "throttled").length, 19);
      t.clock.advance(16 * minute);
      expectKind(await signInWith(u.upn, issued.pass), "failed");
    });

    test("a pass that starts later says when; then it works", async () => {
      const u = await createSignInUser(t, "later@example.it");
      const startAt = t.clock.now() + 24 * 60 * minute;
      const issued = await issue(u.user, { startAt });
      assert.deepEqual(await signInWith(u.upn, issued.pass), {
        kind: "pass_not_yet_valid",
        startAt,
      });
      // A wrong pass for the same user learns nothing of it.
      expectKind(await signInWith(u.upn, "abcdefgh"), "failed");
      t.clock.set(startAt);
      expectKind(await signInWith(u.upn, issued.pass), "signed_in");
    });

    test("no oracle: unknown user, wrong pass, another user's pass, blocked user get one answer", async () => {
      const a = await createSignInUser(t, "tap-a@example.it");
      const b = await createSignInUser(t, "tap-b@example.it");
      const blocked = await createSignInUser(t, "tap-blocked@example.it");
      const aPass = (await issue(a.user)).pass;
      await issue(b.user);
      const blockedPass = (await issue(blocked.user)).pass;
      await setUserBlocked(t.ctx, testActor, blocked.user, { blocked: true, reason: "left" });
      for (const [upn, pass] of [
        ["nobody@example.it", aPass],
        [a.upn, "wrongpass"],
        [b.upn, aPass],
        [blocked.upn, blockedPass],
        [a.upn, testPassword],
      ] as const) {
        assert.deepEqual(await signInWith(upn, pass), {
          kind: "failed",
          reason: "invalid_credentials",
        });
      }
      const reasons = (await listSignIns(t.ctx.store.db, t.tenant.id, 5))
        .map((e) => e.reason)
        .reverse();
      assert.deepEqual(reasons, [
        "user_not_found",
        "invalid_temporary_access_pass",
        "invalid_temporary_access_pass",
        "user_blocked",
        "invalid_temporary_access_pass",
      ]);
    });

    test("wrong passes count with wrong passwords: the throttle stops both", async () => {
      const u = await createSignInUser(t, "guess@example.it");
      const issued = await issue(u.user);
      for (let i = 0; i < 10; i++) expectKind(await signInWith(u.upn, `guess${i}xyz`), "failed");
      expectKind(await signInWith(u.upn, issued.pass), "throttled");
      expectKind(
        await signInWithPassword(t.ctx, {
          tenant: await tenant(),
          upn: u.upn,
          password: testPassword,
          rememberedDeviceToken: null,
          client: client(),
        }),
        "throttled",
      );
      t.clock.advance(16 * minute);
      expectKind(await signInWith(u.upn, issued.pass), "signed_in");
    });

    test("a locked-out user gets no check of the pass until the lockout ends", async () => {
      const u = await createSignInUser(t, "tap-lock@example.it");
      await changeTenantPolicy(t.ctx, testActor, await tenant(), { lockoutThreshold: 2 });
      try {
        for (let i = 0; i < 2; i++) {
          const asked = expectKind(
            await signInWithPassword(t.ctx, {
              tenant: await tenant(),
              upn: u.upn,
              password: testPassword,
              rememberedDeviceToken: null,
              client: client(),
            }),
            "second_factor",
          );
          await giveSecondFactor(t.ctx, {
            pendingToken: asked.pendingToken,
            proof: { kind: "code", code: "000000" },
            rememberDevice: false,
            client: client(),
          });
        }
        const issued = await issue(u.user, { usableOnce: true });
        expectKind(await signInWith(u.upn, issued.pass), "locked");
        t.clock.advance(16 * minute);
        expectKind(await signInWith(u.upn, issued.pass), "signed_in");
      } finally {
        await changeTenantPolicy(t.ctx, testActor, await tenant(), { lockoutThreshold: 10 });
      }
    });

    test("the tenant's policy: one-time only, other lifetimes and length", async () => {
      const u = await createSignInUser(t, "policy@example.it");
      await changeTenantPolicy(t.ctx, testActor, await tenant(), {
        tapUsableOnceOnly: true,
        tapMinimumLifetimeMinutes: 10,
        tapDefaultLifetimeMinutes: 10,
        tapMaximumLifetimeMinutes: 43_200,
        tapLength: 16,
      });
      try {
        await assertVarcoError(
          () => issue(u.user, { usableOnce: false }),
          "invalid_temporary_access_pass",
          /one-time passes only/,
        );
        const issued = await issue(u.user);
        assert.deepEqual(
          [issued.pass.length, issued.usableOnce, issued.lifetimeMinutes],
          [16, true, 10],
        );
        await removeTemporaryAccessPass(t.ctx, testActor, u.user);
        const month = await issue(u.user, { lifetimeMinutes: 43_200 });
        assert.equal(month.expiresAt - month.startAt, 30 * 24 * 60 * minute);
        await assertVarcoError(
          () => changeTenantPolicy(t.ctx, testActor, t.tenant, { tapDefaultLifetimeMinutes: 5 }),
          "invalid_policy",
          /tapDefaultLifetimeMinutes/,
        );
      } finally {
        await changeTenantPolicy(t.ctx, testActor, await tenant(), {
          tapUsableOnceOnly: false,
          tapMinimumLifetimeMinutes: 60,
          tapDefaultLifetimeMinutes: 60,
          tapMaximumLifetimeMinutes: 480,
          tapLength: 10,
        });
      }
    });
  });
}
