import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
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
