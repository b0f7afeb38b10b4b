import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import { resolveUserRisk } from "../../src/risk/resolve-risk.ts";
import { createMailSender } from "../../src/sender/mail-sender.ts";
import type { SignInStep } from "../../src/sign-in/types.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { findUserRisk } from "../../src/store/queries/risk.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { findUserById } from "../../src/store/queries/users.ts";
import { databaseKinds } from "../support/databases.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import {
  changePasswordDuringSignIn,
  giveSecondFactor,
  reportFraud,
  signInWithPassword,
} from "../support/sign-in-events.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { type ReceivedMail, startSmtpSink } from "../support/smtp-sink.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Seed 001 "Segnala attività sospette": "I didn't try to sign in" on the code prompt.
const client = { ip: "203.0.113.66", userAgent: "test-browser" };
const day = 24 * 3_600_000;

function expectKind<K extends SignInStep["kind"]>(
  step: SignInStep,
  kind: K,
): Extract<SignInStep, { kind: K }> {
  assert.equal(step.kind, kind, JSON.stringify(step));
  return step as Extract<SignInStep, { kind: K }>;
}

for (const kind of databaseKinds) {
  describe(`report suspicious activity on ${kind}`, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
    let mail: ReturnType<typeof createMailSender>;
    before(async () => {
      t = await openTestApp(kind);
      smtp = await startSmtpSink();
      mail = createMailSender({
        smtpUrl: smtp.url,
        mailFrom: "varco@comune.example",
        dataDir: t.dataDir,
      });
      await changeTenantPolicy(t.ctx, testActor, await findTenant(t.ctx), {
        fraudNotificationEmails: ["security@comune.example", "it@comune.example"],
      });
    });
    after(async () => {
      await smtp.close();
      await t.close();
    });

    const tenant = () => findTenant(t.ctx);
    const withMail = () => ({ ...t.ctx, mail });
    const askForCode = async (u: SignInUser, password = testPassword) =>
      expectKind(
        await signInWithPassword(t.ctx, {
          tenant: await tenant(),
          upn: u.upn,
          password,
          rememberedDeviceToken: null,
          client,
        }),
        "second_factor",
      );
    const mailFor = (upn: string): ReceivedMail | undefined =>
      smtp.received.find((m) => m.subject.includes(upn));

    test("block: high risk, a detection, both logs, a 90-day block, and an e-mail", async () => {
      const u = await createSignInUser(t, "anna.fraud@comune.example");
      const asked = await askForCode(u);
      assert.equal(asked.canReport, true);
      const report = await reportFraud(withMail(), { pendingToken: asked.pendingToken, client });
      assert.deepEqual(report, {
        kind: "fraud_reported",
        action: "block",
        helpdeskContact: "",
        administratorNotified: true,
      });
      assert.deepEqual(
        await reportFraud(withMail(), { pendingToken: asked.pendingToken, client }),
        { kind: "expired", reason: "timed_out" },
        "a report counts once",
      );
      const risk = await findUserRisk(t.ctx.store.db, u.user.id);
      assert.deepEqual(
        [risk?.risk_level, risk?.risk_state, risk?.risk_detail],
        ["high", "atRisk", "userReportedSuspiciousActivity"],
      );
      const detections = await t.ctx.store.db
        .selectFrom("risk_detections")
        .selectAll()
        .where("user_id", "=", u.user.id)
        .execute();
      assert.deepEqual(
        detections.map((d) => [d.risk_event_type, d.risk_level, d.source, d.ip]),
        [["userReportedSuspiciousActivity", "high", "endUser", client.ip]],
      );
      const [entry] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.deepEqual([entry?.result, entry?.reason], ["failure", "fraud_reported"]);
      const audit = (await listAudit(t.ctx.store.db, t.tenant.id, 5)).find(
        (a) => a.action === "Fraud reported",
      );
      assert.equal(audit?.target_id, u.user.id);

      const blocked = await findUserById(t.ctx.store.db, u.user.id);
      assert.deepEqual([blocked?.blocked, blocked?.blockedUntil], [true, t.clock.now() + 90 * day]);
      // The right password is told of the block; a wrong one gets the answer it always got.
      const signIn = async (password: string) =>
        signInWithPassword(t.ctx, {
          tenant: await tenant(),
          upn: u.upn,
          password,
          rememberedDeviceToken: null,
          client,
        });
      assert.deepEqual(await signIn(testPassword), { kind: "blocked", helpdeskContact: "" });
      assert.deepEqual(await signIn("not the password"), {
        kind: "failed",
        reason: "invalid_credentials",
      });

      const received = mailFor(u.upn);
      assert.ok(received, "the notification e-mail reached the SMTP server");
      assert.deepEqual(received.to.sort(), ["it@comune.example", "security@comune.example"]);
      assert.equal(received.from, "varco@comune.example");
      assert.match(received.text, /Sign-in is blocked for 90 days/);
      assert.match(received.text, /L'accesso è bloccato per 90 giorni/);
      assert.match(received.text, /203\.0\.113\.66/);

      // The block ends by itself after 90 days.
      t.clock.advance(90 * day + 60_000);
      await askForCode(u);
      // A block an administrator makes later is theirs: it does not inherit the old end.
      const expired = await findUserById(t.ctx.store.db, u.user.id);
      if (!expired) throw new Error("no user");
      await setUserBlocked(t.ctx, testActor, expired, { blocked: true, reason: "left the school" });
      t.clock.advance(200 * day);
      assert.deepEqual(
        await signInWithPassword(t.ctx, {
          tenant: await tenant(),
          upn: u.upn,
          password: testPassword,
          rememberedDeviceToken: null,
          client,
        }),
        { kind: "failed", reason: "invalid_credentials" },
      );
    });

    test("requirePasswordChange: after the code, a new password (not the old one), then the session", async () => {
      await changeTenantPolicy(t.ctx, testActor, await tenant(), {
        highRiskAction: "requirePasswordChange",
      });
      try {
        const u = await createSignInUser(t, "bruno.fraud@comune.example");
        const first = await askForCode(u);
        expectKind(
          await reportFraud(withMail(), { pendingToken: first.pendingToken, client }),
          "fraud_reported",
        );
        assert.match(mailFor(u.upn)?.text ?? "", /after MFA, the user must choose a new password/);
        assert.equal((await findUserById(t.ctx.store.db, u.user.id))?.blocked, false);
        // Even from a trusted range, the code comes first now.
        await changeTenantPolicy(t.ctx, testActor, await tenant(), {
          trustedIpRanges: ["203.0.113.0/24"],
        });
        const asked = await askForCode(u);
        t.clock.advance(30_000);
        const change = expectKind(
          await giveSecondFactor(t.ctx, {
            pendingToken: asked.pendingToken,
            proof: { kind: "code", code: await oathtoolTotp(u.secret, { timeMs: t.clock.now() }) },
            rememberDevice: false,
            client,
          }),
          "change_password",
        );
        const refused = expectKind(
          await changePasswordDuringSignIn(t.ctx, {
            pendingToken: change.pendingToken,
            newPassword: testPassword,
            client,
          }),
          "change_password",
        );
        assert.equal(refused.error, "invalid_password", "not the old password");
        const done = expectKind(
          await changePasswordDuringSignIn(t.ctx, {
            pendingToken: change.pendingToken,
            newPassword: "a brand new passphrase",
            client,
          }),
          "signed_in",
        );
        assert.equal(done.mfa, "code");
        const risk = await findUserRisk(t.ctx.store.db, u.user.id);
        assert.deepEqual([risk?.risk_level, risk?.risk_state], ["none", "remediated"]);
        // The old password is gone; the new one works, and the trusted range applies again.
        assert.equal(
          (
            await signInWithPassword(t.ctx, {
              tenant: await tenant(),
              upn: u.upn,
              password: testPassword,
              rememberedDeviceToken: null,
              client,
            })
          ).kind,
          "failed",
        );
        assert.equal(
          (
            await signInWithPassword(t.ctx, {
              tenant: await tenant(),
              upn: u.upn,
              password: "a brand new passphrase",
              rememberedDeviceToken: null,
              client,
            })
          ).kind,
          "signed_in",
        );
      } finally {
        await changeTenantPolicy(t.ctx, testActor, await tenant(), {
          highRiskAction: "block",
          trustedIpRanges: [],
        });
      }
    });

    test("an administrator dismisses the risk (the block is lifted) or confirms the compromise (it stays)", async () => {
      const dismissed = await createSignInUser(t, "carla.fraud@comune.example");
      const confirmed = await createSignInUser(t, "dario.fraud@comune.example");
      for (const u of [dismissed, confirmed]) {
        const asked = await askForCode(u);
        await reportFraud(withMail(), { pendingToken: asked.pendingToken, client });
      }
      await resolveUserRisk(t.ctx, testActor, dismissed.user, "dismiss");
      await resolveUserRisk(t.ctx, testActor, confirmed.user, "confirmCompromised");
      assert.deepEqual(
        [
          (await findUserRisk(t.ctx.store.db, dismissed.user.id))?.risk_state,
          (await findUserById(t.ctx.store.db, dismissed.user.id))?.blocked,
        ],
        ["dismissed", false],
      );
      await askForCode(dismissed);
      assert.deepEqual(
        [
          (await findUserRisk(t.ctx.store.db, confirmed.user.id))?.risk_state,
          (await findUserById(t.ctx.store.db, confirmed.user.id))?.blocked,
        ],
        ["confirmedCompromised", true],
      );
      const actions = (await listAudit(t.ctx.store.db, t.tenant.id, 10)).map((a) => a.action);
      assert.ok(
        actions.includes("Dismiss user risk") && actions.includes("Confirm user compromised"),
      );
    });

    test("with the SMTP server down the report still stands, and the failure is returned", async () => {
      const u = await createSignInUser(t, "elena.fraud@comune.example");
      const asked = await askForCode(u);
      const down = createMailSender({
        smtpUrl: "smtp://127.0.0.1:9",
        mailFrom: "varco@comune.example",
        dataDir: t.dataDir,
      });
      const report = expectKind(
        await reportFraud({ ...t.ctx, mail: down }, { pendingToken: asked.pendingToken, client }),
        "fraud_reported",
      );
      assert.ok(report.mailError, "the failed e-mail is reported");
      assert.equal(report.administratorNotified, false, "the page does not say it was told");
      assert.equal((await findUserRisk(t.ctx.store.db, u.user.id))?.risk_level, "high");
    });

    test("a tenant without notification addresses: the report stands, no one is said to be told", async () => {
      await changeTenantPolicy(t.ctx, testActor, await tenant(), { fraudNotificationEmails: [] });
      try {
        const u = await createSignInUser(t, "nadia.fraud@comune.example");
        const asked = await askForCode(u);
        const report = expectKind(
          await reportFraud(withMail(), { pendingToken: asked.pendingToken, client }),
          "fraud_reported",
        );
        assert.equal(report.administratorNotified, false);
        assert.equal(mailFor(u.upn), undefined, "no e-mail");
        assert.equal((await findUserRisk(t.ctx.store.db, u.user.id))?.risk_level, "high");
      } finally {
        await changeTenantPolicy(t.ctx, testActor, await tenant(), {
          fraudNotificationEmails: ["security@comune.example", "it@comune.example"],
        });
      }
    });

    test("a tenant that turned reports off refuses them and changes nothing", async () => {
      await changeTenantPolicy(t.ctx, testActor, await tenant(), {
        reportSuspiciousActivity: false,
      });
      try {
        const u = await createSignInUser(t, "franco.fraud@comune.example");
        const asked = await askForCode(u);
        assert.equal(asked.canReport, false);
        await assert.rejects(
          reportFraud(withMail(), { pendingToken: asked.pendingToken, client }),
          /invalid_request|suspicious/,
        );
        assert.equal(await findUserRisk(t.ctx.store.db, u.user.id), undefined);
      } finally {
        await changeTenantPolicy(t.ctx, testActor, await tenant(), {
          reportSuspiciousActivity: true,
        });
      }
    });
  });
}
