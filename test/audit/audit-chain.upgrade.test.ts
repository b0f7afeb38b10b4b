import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { Migrator } from "kysely/migration";
import { openApp } from "../../src/app/open-app.ts";
import { chainHash } from "../../src/audit/chain-hash.ts";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { createKeyring } from "../../src/crypto/keyring.ts";
import { migrations } from "../../src/store/migrations/index.ts";
import { type Db, openStore } from "../../src/store/open-store.ts";
import type { AuditLogTable } from "../../src/store/schema.ts";
import { createTestDatabase, databaseKinds } from "../support/databases.ts";

// Issue 12, item 1: a data folder from before the seals keeps verifying once migration 0013 has
// pinned its chain, and the forgeries the seals stop are reported on it too.

const masterKey = Buffer.alloc(32, 3);
const keyring = createKeyring(masterKey);

function entry(id: string, time: number): Omit<AuditLogTable, "seq" | "prev_hash" | "hash"> {
  return {
    id,
    tenant_id: null,
    time,
    actor_type: "cli",
    actor_id: null,
    actor_name: "cli:operator",
    action: "Add tenant",
    target_type: "tenant",
    target_id: id,
    details_json: JSON.stringify({ name: id }),
    correlation_id: null,
    ip: null,
  };
}

/** Appends an entry as Varco did before migration 0013: hashed, the end moved, no seal. */
async function appendAsBefore(db: Db, id: string, time: number): Promise<void> {
  const place = await db
    .updateTable("audit_chain")
    .set((eb) => ({ last_seq: eb("last_seq", "+", 1) }))
    .returning(["last_seq", "last_hash"])
    .executeTakeFirstOrThrow();
  const row: AuditLogTable = {
    ...entry(id, time),
    seq: Number(place.last_seq),
    prev_hash: place.last_hash,
    hash: null,
  };
  const hash = chainHash(keyring, row, place.last_hash);
  await db
    .insertInto("audit_log")
    .values({ ...row, hash })
    .execute();
  await db.updateTable("audit_chain").set({ last_hash: hash }).execute();
}

for (const kind of databaseKinds) {
  describe(`an audit chain from before its seals on ${kind}`, () => {
    test("is pinned and sealed as it stands by migration 0013, verifies, and then resists the forgeries", async () => {
      const database = await createTestDatabase(kind);
      const dataDir = mkdtempSync(join(tmpdir(), "varco-upgrade-"));
      try {
        const store = openStore({ databaseUrl: database.url, dataDir });
        const migrator = new Migrator({
          db: store.db,
          provider: { getMigrations: async () => migrations },
        });
        // Two entries from before the chain (migration 0004), then three chained ones.
        assert.equal((await migrator.migrateTo("0003-methods-in-order")).error, undefined);
        await store.db
          .insertInto("audit_log")
          // Rows as the table was then: no place, no hash.
          .values([entry("legacy-1", 1_000), entry("legacy-2", 2_000)] as AuditLogTable[])
          .execute();
        assert.equal((await migrator.migrateTo("0012-sign-in-facts")).error, undefined);
        for (const id of ["chained-1", "chained-2", "chained-3"]) {
          await appendAsBefore(store.db, id, 3_000);
        }
        await store.close();

        const app = await openApp(
          loadConfig({
            VARCO_DATA_DIR: dataDir,
            VARCO_DATABASE_URL: database.url,
            VARCO_MASTER_KEY: masterKey.toString("base64"),
          }),
        );
        try {
          const db = app.ctx.store.db;
          // Opening it added the default tenant: one more entry, after the seals.
          const report = await verifyAuditChain(app.ctx);
          assert.deepEqual(report.problems, []);
          assert.equal(report.entries, 6);
          assert.equal(report.beforeChain, 2);

          await db.updateTable("audit_log").set({ hash: null, prev_hash: null }).execute();
          await db.updateTable("audit_chain").set({ last_hash: null }).execute();
          const forged = await verifyAuditChain(app.ctx);
          assert.equal(forged.beforeChain, 2, "the chain still begins at place 3");
          assert.deepEqual(forged.problems, [
            { seq: 3, problem: "unchained_after_chain" },
            { seq: 4, problem: "unchained_after_chain" },
            { seq: 5, problem: "unchained_after_chain" },
            { seq: 6, problem: "unchained_after_chain" },
            { seq: 6, problem: "end_forged" },
          ]);
        } finally {
          await app.close();
        }
      } finally {
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
