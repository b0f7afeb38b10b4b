import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { authenticateSession } from "../../src/sessions/authenticate-session.ts";
import type { SignInStep } from "../../src/sign-in/types.ts";
import { readCounter } from "../../src/store/queries/counters.ts";
import { sweepExpired } from "../../src/store/sweep-expired.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { giveSecondFactor, signInWithPassword } from "../support/sign-in-events.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const client = { ip: "192.0.2.80", userAgent: "sweep-test" };
const minute = 60_000;

for (const kind of databaseKinds) {
  describe(`sweeping expired rows on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
      await changeTenantPolicy(t.ctx, testActor, t.tenant, { rememberDeviceDays: 1 });
    });
    after(() => t.close());

    const rows = async (
      table: "counters" | "pending_sign_ins" | "sessions" | "remembered_devices",
    ) =>
      Number(
        (
          await t.ctx.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const signIn = async (upn: string, password: string, device: string | null = null) =>
      signInWithPassword(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn,
        password,
        rememberedDeviceToken: device,
        client,
      });
    const finish = async (step: SignInStep, secret: string, remember: boolean) => {
      assert.equal(step.kind, "second_factor");
      if (step.kind !== "second_factor") throw new Error("unreachable");
      const done = await giveSecondFactor(t.ctx, {
        pendingToken: step.pendingToken,
        proof: { kind: "code", code: await oathtoolTotp(secret, { timeMs: t.clock.now() }) },
        rememberDevice: remember,
        client,
      });
      assert.equal(done.kind, "signed_in");
      if (done.kind !== "signed_in") throw new Error("unreachable");
      return done;
    };

    test("a password spray's counters go once their window has passed; a live count stays", async () => {
      for (let i = 0; i < 30; i++) await signIn(`nobody${i}@example.it`, "spray");
      assert.ok((await rows("counters")) >= 30);
      t.clock.advance(16 * minute);
      await signIn("still-counting@example.it", "a fresh failure");
      const removed = await sweepExpired(t.ctx.store.db, t.clock.now());
      assert.ok(removed.counters >= 30, JSON.stringify(removed));
      const { tenant } = t;
      assert.equal(
        await readCounter(
          t.ctx.store.db,
          `password-failures:upn:${tenant.id}:still-counting@example.it`,
          t.clock.now(),
        ),
        1,
        "the live counter keeps its count",
      );
      assert.equal(await rows("counters"), 2, "the live UPN's and address's counters are left");
    });

    test("ended sign-ins, sessions and devices go; live ones still sign in", async () => {
      const u = await createSignInUser(t, "sweep@example.it");
      const old = await finish(await signIn(u.upn, testPassword), u.secret, true);
      const oldDevice = old.rememberedDevice?.token as string;
      t.clock.advance(25 * 60 * minute); // past the session's 12 hours and the device's day
      t.clock.advance(30_000);
      const live = await finish(await signIn(u.upn, testPassword), u.secret, true);
      await signIn(u.upn, testPassword); // a pending sign-in left waiting for its code
      const before = {
        pending: await rows("pending_sign_ins"),
        sessions: await rows("sessions"),
        devices: await rows("remembered_devices"),
      };
      const removed = await sweepExpired(t.ctx.store.db, t.clock.now());
      assert.deepEqual(
        [removed.pending_sign_ins, removed.sessions, removed.remembered_devices],
        [1, 1, 1],
        "the first sign-in's pending row, session and device",
      );
      assert.deepEqual(
        [await rows("pending_sign_ins"), await rows("sessions"), await rows("remembered_devices")],
        [before.pending - 1, before.sessions - 1, before.devices - 1],
      );
      assert.ok(await authenticateSession(t.ctx, live.session.token), "the live session works");
      const device = live.rememberedDevice?.token as string;
      assert.equal((await signIn(u.upn, testPassword, device)).kind, "signed_in");
      assert.equal((await signIn(u.upn, testPassword, oldDevice)).kind, "second_factor");
    });

    test("a backlog larger than one batch goes whole", async () => {
      const now = t.clock.now();
      // What the tests before left expired (a right password ends its UPN's count by expiring it).
      await sweepExpired(t.ctx.store.db, now);
      const values = Array.from({ length: 4500 }, (_, i) => ({
        key: `backlog:${i}`,
        value: 1,
        expires_at: now - 1,
      }));
      for (let i = 0; i < values.length; i += 500) {
        await t.ctx.store.db
          .insertInto("counters")
          .values(values.slice(i, i + 500))
          .execute();
      }
      const removed = await sweepExpired(t.ctx.store.db, now);
      assert.equal(removed.counters, 4500);
      assert.deepEqual(await sweepExpired(t.ctx.store.db, now), {
        counters: 0,
        single_use_claims: 0,
        pending_sign_ins: 0,
        sessions: 0,
        remembered_devices: 0,
        webauthn_challenges: 0,
        password_resets: 0,
        email_codes: 0,
      });
    });
  });
}
