import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { exportAudit } from "../../src/audit/export-audit.ts";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { renameTenant } from "../../src/directory/rename-tenant.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

for (const kind of databaseKinds) {
  describe(`audit hash chain on ${kind}`, () => {
    let t: TestApp;
    before(async () => {
      t = await openTestApp(kind);
    });
    after(async () => {
      await t.close();
    });
    const db = () => t.ctx.store.db;
    const seqOf = async (action: string, upn: string) =>
      Number(
        (
          await db()
            .selectFrom("audit_log")
            .select("seq")
            .where("action", "=", action)
            .where("details_json", "like", `%${upn}%`)
            .executeTakeFirstOrThrow()
        ).seq,
      );

    test("changes made at once get places one after another and a whole chain", async () => {
      // On PostgreSQL from two instances too. Two instances in one process cannot both hold
      // transactions on one SQLite file (each would block the other's thread); as processes
      // they queue on the file's lock, which the CLI test shows.
      const instances = kind === "postgres" ? [t.ctx, (await t.openSibling()).ctx] : [t.ctx];
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          createUser(instances[i % instances.length] ?? t.ctx, testActor, t.tenant, {
            upn: `u${i}@chain.it`,
          }),
        ),
      );
      const seqs = (await db().selectFrom("audit_log").select("seq").orderBy("seq").execute()).map(
        (row) => Number(row.seq),
      );
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i + 1),
      );
      const report = await verifyAuditChain(t.ctx);
      assert.deepEqual(report.problems, []);
      assert.equal(report.entries, seqs.length);
      assert.equal(report.beforeChain, 0);
    });

    let altered = 0;
    test("an entry changed in the database is found, and only that one", async () => {
      const seq = await seqOf("Add user", "u3@chain.it");
      altered = seq;
      await db()
        .updateTable("audit_log")
        .set({ details_json: JSON.stringify({ upn: "someone-else@chain.it" }) })
        .where("seq", "=", seq)
        .execute();
      assert.deepEqual((await verifyAuditChain(t.ctx)).problems, [{ seq, problem: "altered" }]);
    });

    test("an entry deleted in the database is found by its place", async () => {
      // One from the middle of the chain, not the one changed above.
      const seq = altered === 5 ? 6 : 5;
      await db().deleteFrom("audit_log").where("seq", "=", seq).execute();
      const expected = [
        { seq: altered, problem: "altered" },
        { seq, problem: "missing" },
      ].sort((a, b) => a.seq - b.seq);
      assert.deepEqual((await verifyAuditChain(t.ctx)).problems, expected);
    });

    test("the newest entry deleted shows as missing at the chain's end", async () => {
      await renameTenant(t.ctx, testActor, t.tenant, "Comune");
      const last = await db()
        .selectFrom("audit_log")
        .select("seq")
        .orderBy("seq", "desc")
        .executeTakeFirstOrThrow();
      await db().deleteFrom("audit_log").where("seq", "=", last.seq).execute();
      const { problems } = await verifyAuditChain(t.ctx);
      assert.deepEqual(problems.slice(-2), [
        { seq: Number(last.seq), problem: "missing" },
        { seq: Number(last.seq), problem: "end_mismatch" },
      ]);
    });

    test("export: CSV safe for spreadsheets, JSON with every field, one tenant's entries", async () => {
      await renameTenant(t.ctx, testActor, t.tenant, '=cmd|"/c calc"!A1');
      let csv = "";
      const rows = await exportAudit(t.ctx, "csv", (text) => {
        csv += text;
      });
      const lines = csv.trimEnd().split("\r\n");
      assert.equal(lines.length, rows + 1);
      assert.match(lines[0] ?? "", /^seq,time,tenant_id,/);
      // Inside the details cell, which starts with "{": no spreadsheet reads it as a formula.
      assert.ok(csv.includes('""after"":""=cmd|\\""/c calc\\""!A1""}"'), csv.slice(-300));
      let json = "";
      await exportAudit(
        t.ctx,
        "json",
        (text) => {
          json += text;
        },
        t.tenant.id,
      );
      const entries = JSON.parse(json) as { tenant_id: string; seq: number; details: unknown }[];
      assert.ok(entries.length > 20);
      assert.ok(entries.every((e) => e.tenant_id === t.tenant.id));
      assert.deepEqual(
        entries.map((e) => e.seq),
        [...entries.map((e) => e.seq)].sort((a, b) => a - b),
      );
    });
  });
}
