import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import type { SignInStep } from "../../src/sign-in/types.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { reportFraud, signInWithPass, signInWithPassword } from "../support/sign-in-events.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A user blocked by their own fraud report is told so, but only once the password (or the
// Temporary Access Pass) is right: a wrong one answers exactly as for anyone else, so the block
// tells nothing to someone who does not know the password (invariant 4). An administrator's
// block keeps the one answer of a wrong password.

for (const kind of databaseKinds) {
  describe(`blocked after a report, no enumeration, on ${kind}`, () => {
    let t: TestApp;
    let ip = 0;
    const client = () => ({ ip: `203.0.113.${++ip}`, userAgent: "test-browser" });
    before(async () => {
      t = await openTestApp(kind);
    });
    after(() => t.close());

    const password = async (upn: string, typed: string): Promise<SignInStep> =>
      signInWithPassword(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn,
        password: typed,
        client: client(),
      });
    const pass = async (upn: string, typed: string): Promise<SignInStep> =>
      signInWithPass(t.ctx, {
        tenant: await findTenant(t.ctx),
        upn,
        pass: typed,
        client: client(),
      });
    const failed = { kind: "failed", reason: "invalid_credentials" };

    test("the right password or pass is told of the block; a wrong one, an unknown user and an administrator's block are not", async () => {
      const reporter = await createSignInUser(t, "reporter@example.it");
      const asked = await password(reporter.upn, testPassword);
      assert.equal(asked.kind, "second_factor");
      const pendingToken = asked.kind === "second_factor" ? asked.pendingToken : "";
      const report = await reportFraud(t.ctx, { pendingToken, client: client() });
      assert.equal(report.kind, "fraud_reported");
      const { pass: reporterPass } = await issueTemporaryAccessPass(
        t.ctx,
        testActor,
        await findTenant(t.ctx),
        reporter.user,
        {},
      );

      const byAdmin = await createSignInUser(t, "left@example.it");
      await setUserBlocked(t.ctx, testActor, byAdmin.user, { blocked: true, reason: "left" });

      assert.deepEqual(await password(reporter.upn, testPassword), {
        kind: "blocked",
        helpdeskContact: "",
      });
      assert.deepEqual(await pass(reporter.upn, reporterPass.toLowerCase()), {
        kind: "blocked",
        helpdeskContact: "",
      });
      for (const step of [
        await password(reporter.upn, "not the password"),
        await pass(reporter.upn, "WRONGPASS7"),
        await password("nobody@example.it", testPassword),
        await password(byAdmin.upn, testPassword),
        await password(byAdmin.upn, "not the password"),
      ]) {
        assert.deepEqual(step, failed);
      }
      // Only the sign-in log tells them apart, for the administrator.
      const reasons = (await listSignIns(t.ctx.store.db, t.tenant.id, 7)).map((e) => e.reason);
      assert.deepEqual(reasons.reverse(), [
        "user_blocked",
        "user_blocked",
        "invalid_password",
        "invalid_temporary_access_pass",
        "user_not_found",
        "user_blocked",
        "invalid_password",
      ]);
    });
  });
}
