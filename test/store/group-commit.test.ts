import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { after, before, describe, test } from "node:test";
import { openStore, type Store } from "../../src/store/open-store.ts";
import { incrementCounter, readCounter } from "../../src/store/queries/counters.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";

// SQLite commits the writes made outside transactions in groups, once per turn of the event
// loop. What must hold: nothing is lost or seen half-done by another connection, and whoever
// waits on settled() knows the writes are on disk.
describe("group commit on SQLite", () => {
  let database: TestDatabase;
  let store: Store;
  let path: string;
  // A second connection to the same file: another process, as far as SQLite can tell.
  let other: DatabaseSync;
  const otherCount = (key: string) =>
    Number(
      (other.prepare("select value from counters where key = ?").get(key) as { value?: number })
        ?.value ?? 0,
    );

  before(async () => {
    database = await createTestDatabase("sqlite");
    path = database.url.slice("sqlite:".length);
    store = openStore({ databaseUrl: database.url, dataDir: "/nonexistent" });
    await store.migrate();
    other = new DatabaseSync(path, { timeout: 5000 });
  });
  after(async () => {
    other.close();
    await store.close();
    await database.drop();
  });

  test("writes of one turn commit together; settled() resolves once they are on disk", async () => {
    assert.equal(store.settled(), undefined, "nothing waits before any write");
    await Promise.all(
      Array.from({ length: 20 }, () => incrementCounter(store.db, "together", 60_000, 1)),
    );
    assert.equal(await readCounter(store.db, "together", 1), 20, "this connection sees them");
    assert.equal(otherCount("together"), 0, "another sees none before the commit");
    const settled = store.settled();
    assert.ok(settled, "the writes wait for their commit");
    await settled;
    assert.equal(otherCount("together"), 20, "and all of them after it");
    assert.equal(store.settled(), undefined);
  });

  test("a transaction that fails is undone alone: the rest of its group commits", async () => {
    await incrementCounter(store.db, "before-tx", 60_000, 1);
    const settled = store.settled();
    await assert.rejects(
      store.transaction(async (tx) => {
        await incrementCounter(tx, "in-tx", 60_000, 1);
        throw new Error("changed my mind");
      }),
      /changed my mind/,
    );
    await settled;
    assert.equal(otherCount("before-tx"), 1);
    assert.equal(otherCount("in-tx"), 0);
  });

  test("a write outside a transaction that is open across an await waits for it, and is not rolled back with it", async () => {
    let inside!: () => void;
    const opened = new Promise<void>((resolve) => {
      inside = resolve;
    });
    const transaction = store.transaction(async (tx) => {
      await incrementCounter(tx, "rolled-back", 60_000, 1);
      inside();
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error("changed my mind");
    });
    await opened;
    // incrementCounter is a prepared query, which on SQLite skips Kysely's connection queue.
    const outside = incrementCounter(store.db, "outside", 60_000, 1);
    await assert.rejects(transaction, /changed my mind/);
    assert.deepEqual(await outside, { value: 1, expiresAt: 60_001 });
    await store.settled();
    assert.equal(otherCount("outside"), 1);
    assert.equal(otherCount("rolled-back"), 0);
  });

  test("a transaction joins the open group, and resolves once the group is committed", async () => {
    await incrementCounter(store.db, "group-first", 60_000, 1);
    const done = store.transaction(async (tx) => {
      await incrementCounter(tx, "group-tx", 60_000, 1);
    });
    // One turn of the event loop later the group commits, and with it the transaction.
    assert.equal(otherCount("group-first"), 0);
    await done;
    assert.equal(otherCount("group-first"), 1);
    assert.equal(otherCount("group-tx"), 1);
  });

  test("another connection of this process writing commits the group instead of deadlocking", async () => {
    const sibling = openStore({ databaseUrl: database.url, dataDir: "/nonexistent" });
    try {
      await incrementCounter(store.db, "shared", 60_000, 1);
      // Without handing over, this write would wait for a lock only this thread can release.
      await incrementCounter(sibling.db, "shared", 60_000, 1);
      await sibling.settled();
      assert.equal(otherCount("shared"), 2);
    } finally {
      await sibling.close();
    }
  });

  test("closing the store commits what is pending", async () => {
    const closing = openStore({ databaseUrl: database.url, dataDir: "/nonexistent" });
    await incrementCounter(closing.db, "at-close", 60_000, 1);
    await closing.close();
    assert.equal(otherCount("at-close"), 1);
  });

  test("a write that fails leaves the group's other writes to commit", async () => {
    await incrementCounter(store.db, "kept", 60_000, 1);
    await assert.rejects(
      store.db.insertInto("counters").values({ key: "kept", value: 1, expires_at: 1 }).execute(),
      /UNIQUE constraint failed/,
    );
    await store.settled();
    assert.equal(otherCount("kept"), 1);
  });
});
