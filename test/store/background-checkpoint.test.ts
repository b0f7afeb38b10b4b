import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { checkpointInBackground } from "../../src/store/background-checkpoint.ts";
import { openStore, type Store } from "../../src/store/open-store.ts";

const megabyte = 1024 * 1024;

// The server's connection leaves WAL checkpoints to a worker thread: its commits never stall on
// one, and the WAL must still be copied back and kept small.
describe("WAL checkpoints in the background (SQLite, varco serve)", () => {
  let dir: string;
  let path: string;
  let store: Store;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "varco-checkpoint-"));
    path = join(dir, "varco.db");
    store = openStore({ databaseUrl: `sqlite:${path}`, dataDir: dir, backgroundCheckpoint: true });
    await store.migrate();
    await sql`create table filler (bytes blob not null)`.execute(store.db);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the serving connection never checkpoints in a commit", async () => {
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
      store.db,
    );
    assert.equal(rows[0]?.wal_autocheckpoint, 0);
  });

  test("the WAL stays small while far more is written through it", async () => {
    // 40 MB in 200 commits: without checkpoints the WAL would hold all of it.
    for (let turn = 0; turn < 200; turn++) {
      await sql`insert into filler (bytes) select randomblob(50000) from (select 1 union all select 2 union all select 3 union all select 4)`.execute(
        store.db,
      );
      await store.settled();
      if (turn % 20 === 19) await sleep(250);
    }
    await sleep(500);
    const wal = statSync(`${path}-wal`).size;
    assert.ok(wal < 16 * megabyte, `WAL of ${(wal / megabyte).toFixed(1)} MB after 40 MB written`);
    assert.ok(statSync(path).size > 30 * megabyte, "the pages reached the database file");
  });

  test("closing the store stops the worker and leaves no WAL behind", async () => {
    const dir2 = mkdtempSync(join(tmpdir(), "varco-checkpoint-"));
    try {
      const path2 = join(dir2, "varco.db");
      const other = openStore({
        databaseUrl: `sqlite:${path2}`,
        dataDir: dir2,
        backgroundCheckpoint: true,
      });
      await other.migrate();
      await other.close();
      assert.equal(existsSync(`${path2}-wal`), false);
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  test("when the worker cannot run, the connection checkpoints for itself again", async () => {
    const database = new DatabaseSync(join(dir, "fallback.db"));
    database.exec("pragma journal_mode = wal");
    const checkpoints = checkpointInBackground(database, join(dir, "missing", "fallback.db"));
    const setting = () =>
      (database.prepare("pragma wal_autocheckpoint").get() as { wal_autocheckpoint: number })
        .wal_autocheckpoint;
    assert.equal(setting(), 0);
    for (let i = 0; i < 100 && setting() === 0; i++) await sleep(50);
    assert.equal(setting(), 1000);
    await checkpoints.stop();
    database.close();
  });
});
