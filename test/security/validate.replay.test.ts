import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { createEnrolledUser } from "../support/enrolled-user.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { openTestApp, type TestApp } from "../support/test-app.ts";
import { type ValidateClient, validateClient } from "../support/validate-client.ts";

// DESIGN invariant 1: a TOTP time step is accepted at most once, even when the same code reaches
// two instances at the same moment.
for (const kind of databaseKinds) {
  describe(`replay on ${kind}`, () => {
    let t: TestApp;
    let first: ValidateClient;
    let second: ValidateClient;
    before(async () => {
      t = await openTestApp(kind);
      first = await validateClient(t);
      second = await validateClient(t, (await t.openSibling()).ctx, first.key);
    });
    after(async () => {
      await first.server.close();
      await second.server.close();
      await t.close();
    });

    test("one code sent 50 times at once, to two instances, is accepted exactly once", async () => {
      const enrolled = await createEnrolledUser(t, "replay@example.it");
      const code = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() });
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? first : second).validate({ upn: "replay@example.it", code }),
        ),
      );
      assert.equal(answers.filter((a) => a.body.result === "accept").length, 1);
      assert.equal(answers.filter((a) => a.body.result === "reject").length, 49);
    });

    // A VPN that retries a request whose answer it missed must not lock its user out.
    test("20 retries of an accepted code are refused as code_reused and lock nobody out", async () => {
      const enrolled = await createEnrolledUser(t, "retry@example.it");
      const upn = "retry@example.it";
      const code = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() });
      assert.equal((await first.validate({ upn, code })).body.result, "accept");
      for (let i = 0; i < 20; i++) {
        assert.equal(
          (await (i % 2 ? first : second).validate({ upn, code })).body.result,
          "reject",
        );
      }
      const reasons = (await listSignIns(t.ctx.store.db, t.tenant.id, 20)).map((r) => r.reason);
      assert.deepEqual(new Set(reasons), new Set(["code_reused"]));
      // A genuinely wrong code still counts: ten of them lock the user out.
      for (let i = 0; i < 10; i++) await first.validate({ upn, code: "000000" });
      t.clock.advance(30_000);
      const next = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() });
      assert.equal((await first.validate({ upn, code: next })).body.result, "reject");
      const [last] = await listSignIns(t.ctx.store.db, t.tenant.id, 1);
      assert.equal(last?.reason, "locked_out");
    });

    test("the same code later in its own time step is still refused", async () => {
      const enrolled = await createEnrolledUser(t, "later@example.it");
      const code = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() });
      assert.equal((await first.validate({ upn: "later@example.it", code })).body.result, "accept");
      t.clock.advance(20_000);
      assert.equal(
        (await second.validate({ upn: "later@example.it", code })).body.result,
        "reject",
      );
    });
  });
}
