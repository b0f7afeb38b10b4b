import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { createEnrolledUser } from "../support/enrolled-user.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";
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
