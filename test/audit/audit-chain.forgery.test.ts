import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openApp } from "../../src/app/open-app.ts";
import { pruneAudit } from "../../src/audit/prune-audit.ts";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { renameTenant } from "../../src/directory/rename-tenant.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// With write access to the database but not the master key, no rewrite of
// the audit chain may verify.

const day = 24 * 60 * 60_000;

for (const kind of databaseKinds) {
  describe(`audit chain forgeries on ${kind}`, () => {
    let t: TestApp;
    const opened: TestApp[] = [];
    // Each forgery on a chain of its own: six changes, places 1 to 6.
    const freshChain = async () => {
      t = await openTestApp(kind);
      opened.push(t);
      for (let i = 0; i < 5; i++) {
        await createUser(t.ctx, testActor, t.tenant, { upn: `u${i}@forgery.it` });
      }
      assert.deepEqual((await verifyAuditChain(t.ctx)).problems, []);
    };
    after(async () => {
      for (const app of opened) await app.close();
    });
    const db = () => t.ctx.store.db;
    const lastSeq = async () =>
      Number(
        (await db().selectFrom("audit_chain").select("last_seq").executeTakeFirstOrThrow())
          .last_seq,
      );
    const problemsNamed = async (name: string) =>
      (await verifyAuditChain(t.ctx)).problems.filter((p) => p.problem === name);

    test("every hash, link and the chain's end set to NULL, then an entry edited: reported", async () => {
      await freshChain();
      await db().updateTable("audit_log").set({ hash: null, prev_hash: null }).execute();
      await db().updateTable("audit_chain").set({ last_hash: null }).execute();
      await db()
        .updateTable("audit_log")
        .set({ details_json: JSON.stringify({ upn: "nobody@forgery.it" }) })
        .where("seq", "=", 3)
        .execute();
      const report = await verifyAuditChain(t.ctx);
      assert.equal(report.beforeChain, 0, "no entry passes for one written before the chain");
      const last = await lastSeq();
      assert.deepEqual(report.problems, [
        ...Array.from({ length: last }, (_, i) => ({
          seq: i + 1,
          problem: "unchained_after_chain",
        })),
        { seq: last, problem: "end_forged" },
      ]);
    });

    test("...and where the chain begins moved past its end as well: reported", async () => {
      const last = await lastSeq();
      await db()
        .updateTable("audit_chain")
        .set({ chain_start_seq: last + 1 })
        .execute();
      const report = await verifyAuditChain(t.ctx);
      assert.deepEqual(report.problems, [
        { seq: last + 1, problem: "start_forged" },
        { seq: last, problem: "end_forged" },
      ]);
    });

    test("every entry deleted and the chain's end reset: reported", async () => {
      await freshChain();
      await db().deleteFrom("audit_log").execute();
      await db().updateTable("audit_chain").set({ last_seq: 0, last_hash: null }).execute();
      assert.deepEqual((await verifyAuditChain(t.ctx)).problems, [
        { seq: 0, problem: "end_forged" },
      ]);
    });

    test("the newest entries cut off with the chain's end moved back: reported, and still after a new change", async () => {
      await freshChain();
      const last = await lastSeq();
      const kept = await db()
        .selectFrom("audit_log")
        .select(["seq", "hash"])
        .where("seq", "=", last - 2)
        .executeTakeFirstOrThrow();
      await db()
        .deleteFrom("audit_log")
        .where("seq", ">", last - 2)
        .execute();
      await db()
        .updateTable("audit_chain")
        .set({ last_seq: Number(kept.seq), last_hash: kept.hash })
        .execute();
      assert.deepEqual((await verifyAuditChain(t.ctx)).problems, [
        { seq: last - 2, problem: "end_forged" },
      ]);
      // The next change extends the chain, but does not vouch for the end it was given.
      await renameTenant(t.ctx, testActor, t.tenant, "Comune di Forgia");
      assert.deepEqual((await verifyAuditChain(t.ctx)).problems, [
        { seq: last - 1, problem: "end_forged" },
      ]);
    });

    test("a pruning checkpoint forged to drop the oldest entries: reported, and pruning refuses it", async () => {
      await freshChain();
      const third = await db()
        .selectFrom("audit_log")
        .select(["seq", "hash"])
        .where("seq", "=", 3)
        .executeTakeFirstOrThrow();
      await db().deleteFrom("audit_log").where("seq", "<=", 3).execute();
      await db()
        .updateTable("audit_chain")
        .set({ pruned_through_seq: 3, pruned_last_hash: third.hash })
        .execute();
      assert.deepEqual(
        (await problemsNamed("start_forged")).map((p) => p.seq),
        [4],
      );
      const before = await verifyAuditChain(t.ctx);
      t.clock.advance(40 * day);
      await createUser(t.ctx, testActor, t.tenant, { upn: "late@forgery.it" });
      await assert.rejects(pruneAudit(t.ctx, testActor, 30), { code: "audit_chain_broken" });
      const after = await verifyAuditChain(t.ctx);
      assert.equal(after.entries, before.entries + 1, "pruning removed nothing");
      assert.deepEqual(
        (await problemsNamed("start_forged")).map((p) => p.seq),
        [4],
      );
    });
  });

  describe(`a chain written, pruned and rotated on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(async () => {
      await t.close();
    });
    test("still verifies, under both keys while both are loaded, and under the new one once the old one's entries are pruned", async () => {
      const oldKey = readFileSync(join(t.dataDir, "master.key"), "utf8").trim();
      const newKey = Buffer.alloc(32, 7).toString("base64");
      const withKeys = async (current: string, previous?: string) =>
        openApp(
          loadConfig({
            VARCO_DATA_DIR: t.dataDir,
            VARCO_DATABASE_URL: t.database.url,
            VARCO_MASTER_KEY: current,
            ...(previous ? { VARCO_PREVIOUS_MASTER_KEYS: previous } : {}),
          }),
          { now: t.clock.now },
        );

      await createUser(t.ctx, testActor, t.tenant, { upn: "a@rotate.it" });
      t.clock.advance(40 * day);
      await createUser(t.ctx, testActor, t.tenant, { upn: "b@rotate.it" });
      assert.ok((await pruneAudit(t.ctx, testActor, 30)) > 0);
      assert.deepEqual((await verifyAuditChain(t.ctx)).problems, []);

      const rotated = await withKeys(newKey, oldKey);
      try {
        assert.deepEqual((await verifyAuditChain(rotated.ctx)).problems, []);
        await createUser(rotated.ctx, testActor, t.tenant, { upn: "c@rotate.it" });
        const report = await verifyAuditChain(rotated.ctx);
        assert.deepEqual(report.problems, []);
        assert.equal(Object.keys(report.keys).length, 2, "entries under the old key and the new");
        t.clock.advance(40 * day);
        await createUser(rotated.ctx, testActor, t.tenant, { upn: "d@rotate.it" });
        assert.ok((await pruneAudit(rotated.ctx, testActor, 30)) > 0);
        assert.deepEqual((await verifyAuditChain(rotated.ctx)).problems, []);
      } finally {
        await rotated.close();
      }

      const newOnly = await withKeys(newKey);
      try {
        const report = await verifyAuditChain(newOnly.ctx);
        assert.deepEqual(report.problems, []);
        assert.equal(Object.keys(report.keys).length, 1);
      } finally {
        await newOnly.close();
      }
    });
  });
}
