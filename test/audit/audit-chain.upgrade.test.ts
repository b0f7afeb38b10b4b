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

// A data folder from before the seals keeps verifying once migration 0014 has
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

/** Appends an entry as Varco did before migration 0014: hashed, the end moved, no seal. */
async function appendAsBefore(
  db: Db,
  id: string,
  changes: Partial<AuditLogTable> = {},
): Promise<string> {
  const place = await db
    .updateTable("audit_chain")
    .set((eb) => ({ last_seq: eb("last_seq", "+", 1) }))
    .returning(["last_seq", "last_hash"])
    .executeTakeFirstOrThrow();
  const row: AuditLogTable = {
    ...entry(id, 3_000),
    ...changes,
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
  return hash;
}

/**
 * A database as Varco left it before the seals: two entries from before the chain (migration
 * 0004), then three chained ones (places 3 to 5); with `pruned`, places 1 to 4 pruned as Varco
 * pruned then, and the Prune audit log entry at place 6.
 */
async function databaseFromBefore(url: string, dataDir: string, pruned: boolean): Promise<void> {
  const store = openStore({ databaseUrl: url, dataDir });
  try {
    const migrator = new Migrator({
      db: store.db,
      provider: { getMigrations: async () => migrations },
    });
    assert.equal((await migrator.migrateTo("0003-methods-in-order")).error, undefined);
    await store.db
      .insertInto("audit_log")
      // Rows as the table was then: no place, no hash.
      .values([entry("legacy-1", 1_000), entry("legacy-2", 2_000)] as AuditLogTable[])
      .execute();
    assert.equal((await migrator.migrateTo("0012-sign-in-facts")).error, undefined);
    const hashes: string[] = [];
    for (const id of ["chained-1", "chained-2", "chained-3"]) {
      hashes.push(await appendAsBefore(store.db, id));
    }
    if (!pruned) return;
    await store.db.deleteFrom("audit_log").where("seq", "<=", 4).execute();
    await store.db
      .updateTable("audit_chain")
      .set({ pruned_through_seq: 4, pruned_last_hash: hashes[1] ?? null })
      .execute();
    await appendAsBefore(store.db, "prune", {
      action: "Prune audit log",
      target_type: "auditLog",
      target_id: null,
      details_json: JSON.stringify({
        olderThanDays: 1,
        count: 4,
        throughSeq: 4,
        anchor: hashes[1],
      }),
    });
  } finally {
    await store.close();
  }
}

for (const kind of databaseKinds) {
  describe(`an audit chain from before its seals on ${kind}`, () => {
    for (const pruned of [false, true]) {
      test(`${pruned ? "pruned into the chain: " : ""}is pinned and sealed as it stands by migration 0014, verifies, and then resists the forgeries`, async () => {
        const database = await createTestDatabase(kind);
        const dataDir = mkdtempSync(join(tmpdir(), "varco-upgrade-"));
        try {
          await databaseFromBefore(database.url, dataDir, pruned);
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
            const last = pruned ? 7 : 6;
            const first = pruned ? 5 : 3;
            const report = await verifyAuditChain(app.ctx);
            assert.deepEqual(report.problems, []);
            assert.equal(report.entries, last - (pruned ? 4 : 0));
            assert.equal(report.beforeChain, pruned ? 0 : 2);

            await db.updateTable("audit_log").set({ hash: null, prev_hash: null }).execute();
            await db.updateTable("audit_chain").set({ last_hash: null }).execute();
            const forged = await verifyAuditChain(app.ctx);
            assert.equal(forged.beforeChain, pruned ? 0 : 2, "the chain still begins where it did");
            assert.deepEqual(forged.problems, [
              ...Array.from({ length: last - first + 1 }, (_, i) => ({
                seq: first + i,
                problem: "unchained_after_chain",
              })),
              // Pruned: the end no longer follows from the checkpoint, and the Prune audit log
              // entry, without its hash, no longer records the checkpoint.
              ...(pruned
                ? [
                    { seq: last, problem: "end_mismatch" },
                    { seq: 4, problem: "unrecorded_prune" },
                  ]
                : []),
              { seq: last, problem: "end_forged" },
            ]);
          } finally {
            await app.close();
          }
        } finally {
          await database.drop();
          rmSync(dataDir, { recursive: true, force: true });
        }
      });
    }
  });
}
