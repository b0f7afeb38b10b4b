import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { decodeBase32 } from "../../src/otp/base32.ts";
import { generateTotp } from "../../src/otp/totp.ts";
import { defaultTenantPolicy } from "../../src/policy/tenant-policy.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { createEnrolledUser } from "../support/enrolled-user.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { timeInterleaved } from "../support/time-interleaved.ts";
import { type ValidateClient, validateClient } from "../support/validate-client.ts";

// DESIGN invariant 4: unknown user, blocked user, no method, pending method only, wrong code and
// reused code all get the same answer; only the sign-in log tells them apart.
describe("validate gives an attacker no oracle", () => {
  let t: TestApp;
  let client: ValidateClient;
  before(async () => {
    t = await openTestApp("sqlite");
    client = await validateClient(t);
  });
  after(async () => {
    await client.server.close();
    await t.close();
  });

  test("every kind of rejection has the same status, headers and body", async () => {
    const known = await createEnrolledUser(t, "known@example.it");
    const blocked = await createEnrolledUser(t, "blocked@example.it");
    await setUserBlocked(t.ctx, testActor, blocked.user, {
      blocked: true,
      reason: "left the company",
    });
    await createUser(t.ctx, testActor, t.tenant, { upn: "nomethod@example.it" });
    const pendingOnly = await createUser(t.ctx, testActor, t.tenant, { upn: "pending@example.it" });
    await enrolSoftwareOath(t.ctx, testActor, t.tenant, pendingOnly, {});

    const good = await oathtoolTotp(known.secret, { timeMs: t.clock.now() });
    const blockedCode = await oathtoolTotp(blocked.secret, { timeMs: t.clock.now() });
    const wrong = String((Number(good) + 1) % 1_000_000).padStart(6, "0");
    assert.equal(
      (await client.validate({ upn: "known@example.it", code: good })).body.result,
      "accept",
    );

    const cases = [
      { upn: "nobody@example.it", code: good, reason: "user_not_found" },
      { upn: "blocked@example.it", code: blockedCode, reason: "user_blocked" },
      { upn: "nomethod@example.it", code: good, reason: "no_method" },
      { upn: "pending@example.it", code: good, reason: "no_method" },
      { upn: "known@example.it", code: wrong, reason: "invalid_code" },
      { upn: "known@example.it", code: "abcdef", reason: "invalid_code" },
      { upn: "known@example.it", code: good, reason: "code_reused" },
      { upn: "known@example.it", code: good, methodId: "not-a-method", reason: "method_not_found" },
    ];
    const shapes = new Set<string>();
    for (const { reason: _reason, ...body } of cases) {
      const response = await client.server.inject({
        method: "POST",
        url: "/api/v1/validate",
        headers: { authorization: `Bearer ${client.key}` },
        payload: body,
      });
      const { date: _date, "x-request-id": _id, ...headers } = response.headers;
      shapes.add(JSON.stringify([response.statusCode, headers, response.body]));
    }
    assert.equal(shapes.size, 1, [...shapes].join("\n"));
    assert.equal(JSON.parse([...shapes][0] as string)[2], '{"result":"reject"}');

    const logged = (await listSignIns(t.ctx.store.db, t.tenant.id, cases.length))
      .reverse()
      .map((r) => r.reason);
    assert.deepEqual(
      logged,
      cases.map((c) => c.reason),
    );
  });
});

/** A code that no time step within the default window of `timeMs` accepts. */
function wrongCodeAt(secret: string, timeMs: number): string {
  const key = decodeBase32(secret);
  const near = [-1, 0, 1].map((d) =>
    generateTotp(key, { timeMs: timeMs + d * 30_000, period: 30, algorithm: "SHA1", digits: 6 }),
  );
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!near.includes(candidate)) return candidate;
  }
}

// On PostgreSQL an unknown UPN answered in about 55% of the time of a user with an app,
// because only a real user's wrong code wrote the lockout counter and the method's failure count.
// Times measured side by side in one run are compared with each other, never with a number.
for (const kind of databaseKinds) {
  describe(`validate takes as long for an unknown UPN as for a real user on ${kind}`, () => {
    let t: TestApp;
    let client: ValidateClient;
    before(async () => {
      t = await openTestApp(kind);
      client = await validateClient(t);
    });
    after(async () => {
      await client.server.close();
      await t.close();
    });

    test("a wrong code takes the same time (within 15%) whoever the UPN names", async () => {
      const withApp = await createEnrolledUser(t, "timing-app@example.it");
      const blocked = await createEnrolledUser(t, "timing-blocked@example.it");
      await setUserBlocked(t.ctx, testActor, blocked.user, { blocked: true, reason: "left" });
      await createUser(t.ctx, testActor, t.tenant, { upn: "timing-nomethod@example.it" });
      // A user refuses a methodId they do not have before the lockout counts anything: an
      // unknown UPN given one must not then cost more.
      const otherMethod = "00000000-0000-4000-8000-000000000000";
      let code = "";
      const call = (upn: string, methodId?: string) => () =>
        client.validate({ upn, code, ...(methodId ? { methodId } : {}) });
      const times = await timeInterleaved(
        {
          withApp: call("timing-app@example.it"),
          unknown: call("timing-nobody@example.it"),
          noMethod: call("timing-nomethod@example.it"),
          blocked: call("timing-blocked@example.it"),
          withAppOtherMethod: call("timing-app@example.it", otherMethod),
          unknownOtherMethod: call("timing-nobody@example.it", otherMethod),
        },
        {
          warmUp: 20,
          rounds: 200,
          // Fewer wrong codes than the lockout's threshold in each of its windows: every UPN is
          // measured on the path of a wrong code, none on that of a locked-out user.
          beforeRound: (round) => {
            if (round % (defaultTenantPolicy.lockoutThreshold - 1) === 0) {
              t.clock.advance(defaultTenantPolicy.lockoutResetMinutes * 60_000 + 1000);
              code = wrongCodeAt(withApp.secret, t.clock.now());
            }
          },
        },
      );
      const pairs = [
        ["unknown", "withApp"],
        ["noMethod", "withApp"],
        ["blocked", "withApp"],
        ["unknownOtherMethod", "withAppOtherMethod"],
      ] as const;
      const medians = Object.fromEntries(
        pairs.flat().map((name) => [name, Math.round(times.median(name) / 1000)]),
      );
      for (const [name, reference] of pairs) {
        const ratio = times.medianRatio(name, reference);
        assert.ok(
          Math.abs(ratio - 1) <= 0.15,
          `${name} took ${ratio.toFixed(2)}× the time of ${reference} (medians in µs: ${JSON.stringify(medians)})`,
        );
      }
      const reasons = new Set(
        (await listSignIns(t.ctx.store.db, t.tenant.id, 2000)).map((row) => row.reason),
      );
      assert.deepEqual(
        [...reasons].sort(),
        ["invalid_code", "method_not_found", "no_method", "user_blocked", "user_not_found"],
        "no call was locked out or accepted",
      );
    });
  });
}
