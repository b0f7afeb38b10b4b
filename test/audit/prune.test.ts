import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { pruneAudit } from "../../src/audit/prune-audit.ts";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const day = 24 * 60 * 60_000;

for (const kind of databaseKinds) {
  describe(`audit retention on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(async () => {
      await t.close();
    });
    const entries = () =>
      t.ctx.store.db.selectFrom("audit_log").select(["seq", "action"]).orderBy("seq").execute();

    test("entries older than the retention go, the chain still verifies from its new start", async () => {
      await createUser(t.ctx, testActor, t.tenant, { upn: "old1@prune.it" });
      await createUser(t.ctx, testActor, t.tenant, { upn: "old2@prune.it" });
      t.clock.advance(40 * day);
      await createUser(t.ctx, testActor, t.tenant, { upn: "new@prune.it" });
      const before = await entries();

      assert.equal(await pruneAudit(t.ctx, testActor, 30), before.length - 1);
      const kept = await entries();
      assert.deepEqual(
        kept.map((e) => e.action),
        ["Add user", "Prune audit log"],
      );
      assert.equal(Number(kept[0]?.seq), Number(before.at(-1)?.seq));
      assert.deepEqual((await verifyAuditChain(t.ctx)).problems, []);

      assert.equal(await pruneAudit(t.ctx, testActor, 30), 0, "nothing more is old enough");
      assert.equal((await entries()).length, 2, "and nothing is written for it");
    });

    test("a start moved without a prune entry, to hide what was removed, is reported", async () => {
      const [first] = await entries();
      await t.ctx.store.db.deleteFrom("audit_log").where("seq", "=", Number(first?.seq)).execute();
      await t.ctx.store.db
        .updateTable("audit_chain")
        .set({ pruned_through_seq: Number(first?.seq) })
        .execute();
      const { problems } = await verifyAuditChain(t.ctx);
      assert.ok(
        problems.some((p) => p.problem === "unrecorded_prune"),
        JSON.stringify(problems),
      );
    });
  });
}
