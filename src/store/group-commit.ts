import type { DatabaseSync } from "node:sqlite";

/**
 * Group commit for one SQLite connection. The first write of a turn of the event loop opens a
 * write transaction (BEGIN IMMEDIATE) that every later write of that turn shares, and that
 * commits right after the turn (setImmediate): the changed pages reach the WAL once per turn
 * instead of once per statement, which makes a validate call's writes about four times cheaper
 * under load. A Kysely transaction is a savepoint inside it, so it still lands whole or not at
 * all, and the group waits for it to end before committing.
 *
 * Nothing is durable before its group commits: whoever answers or reports a change waits on
 * `settled()` first.
 */
export type GroupCommit = {
  /** Before a write outside a Kysely transaction: opens the group if none is open. */
  join(): void;
  /** Kysely's BEGIN, COMMIT and ROLLBACK. */
  beginTransaction(): void;
  endTransaction(outcome: "commit" | "rollback"): void;
  /** True between beginTransaction and endTransaction. */
  readonly inTransaction: boolean;
  /** After a failed statement: some errors (disk full, I/O) roll back the whole group. */
  afterError(error: unknown): void;
  settled(): Promise<void> | undefined;
  /** Commits now (when the connection closes). */
  commit(): void;
};

type Group = { readonly done: Promise<void>; resolve(): void; reject(error: unknown): void };

// The connection of this process whose group is open, if any. SQLite lets one connection write
// at a time, and a second connection here waiting for the lock would block the very event loop
// that is to commit it: so before a connection opens a group, any other's commits.
let groupHolder: GroupCommit | undefined;

const savepoint = "varco_transaction";

export function groupCommit(database: DatabaseSync): GroupCommit {
  const begin = database.prepare("begin immediate");
  const commit = database.prepare("commit");
  const rollback = database.prepare("rollback");
  const openSavepoint = database.prepare(`savepoint ${savepoint}`);
  const release = database.prepare(`release ${savepoint}`);
  const rollbackToSavepoint = database.prepare(`rollback to ${savepoint}`);

  let group: Group | undefined;
  let inTransaction = false;
  // The turn ended while a transaction was open: commit as soon as it ends.
  let commitDue = false;

  const settle = (outcome: { error: unknown } | undefined) => {
    const ending = group;
    group = undefined;
    commitDue = false;
    if (groupHolder === self) groupHolder = undefined;
    if (outcome) ending?.reject(outcome.error);
    else ending?.resolve();
  };
  const commitGroup = () => {
    if (!group || inTransaction) return;
    try {
      commit.run();
      settle(undefined);
    } catch (error) {
      if (database.isTransaction) rollback.run();
      settle({ error });
    }
  };
  const endOfTurn = (opened: Group) => () => {
    if (group !== opened) return;
    if (inTransaction) commitDue = true;
    else commitGroup();
  };
  const openGroup = () => {
    if (groupHolder !== self) groupHolder?.commit();
    begin.run();
    groupHolder = self;
    let resolve = () => {};
    let reject: (error: unknown) => void = () => {};
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A commit failure reaches whoever waits on it; nobody waiting is not a crash.
    done.catch(() => {});
    const opened: Group = { done, resolve, reject };
    group = opened;
    setImmediate(endOfTurn(opened));
  };

  const self: GroupCommit = {
    join() {
      if (!database.isTransaction) openGroup();
    },
    beginTransaction() {
      self.join();
      openSavepoint.run();
      inTransaction = true;
    },
    endTransaction(outcome) {
      try {
        // With the group already lost to an error, there is nothing left to release.
        if (database.isTransaction) {
          if (outcome === "rollback") rollbackToSavepoint.run();
          release.run();
        }
      } finally {
        inTransaction = false;
        if (commitDue && group) setImmediate(endOfTurn(group));
      }
    },
    get inTransaction() {
      return inTransaction;
    },
    afterError(error) {
      if (group && !database.isTransaction) {
        inTransaction = false;
        settle({ error });
      }
    },
    settled: () => group?.done,
    commit: commitGroup,
  };
  return self;
}
