import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { SqliteDatabase, SqliteStatement } from "kysely";

export type GroupCommitDatabase = SqliteDatabase & {
  /**
   * Resolves when the writes made so far are committed, rejects when their commit failed;
   * undefined when nothing waits to be committed.
   */
  settled(): Promise<void> | undefined;
  /**
   * Runs one statement now, without Kysely's connection queue, which costs about as much as
   * SQLite itself on the validate path; undefined while a Kysely transaction holds the
   * connection (the statement must then wait its turn, not join that transaction).
   */
  runNow(sql: string, parameters: readonly unknown[]): QueryOutcome | undefined;
  /** Changes whenever a row of one of `tables` may have changed (see Store.changeStamp). */
  changeStamp(tables: readonly string[]): string;
};

export type QueryOutcome = { readonly rows: unknown[]; readonly changed: number };

type Group = { readonly done: Promise<void>; resolve(): void; reject(error: unknown): void };

const writeStatement = /^\s*(insert|update|delete|replace)\b/i;
const writtenTable = /^\s*(?:insert\s+into|replace\s+into|update|delete\s+from)\s+"?([A-Za-z_]+)/i;

// The connection of this process whose group is open, if any. SQLite lets one connection write
// at a time, and a second connection here waiting for the lock would block the very event loop
// that is to commit it: so before a connection writes, any other's group commits.
let groupHolder: { commitGroup(): void } | undefined;

/**
 * Adapts Node's built-in `node:sqlite` to the interface Kysely's SqliteDialect expects, so the
 * embedded default needs no native addon. Prepared statements are cached by SQL text: the same
 * few queries run on every validate call, and preparing costs more than running them.
 *
 * Group commit: a write outside a transaction opens one, which the writes of every request
 * handled in the same turn of the event loop share, and which commits right after that turn
 * (setImmediate). A commit writes the changed pages to the WAL once, instead of once per
 * statement, which makes a validate call's writes about four times cheaper under load. A
 * request does not answer before its writes are committed: callers wait on `settled()`.
 */
export function openSqliteDatabase(path: string): GroupCommitDatabase {
  const database = new DatabaseSync(path, { timeout: 5000 });
  database.exec("PRAGMA journal_mode = WAL");
  database.exec("PRAGMA synchronous = NORMAL");
  database.exec("PRAGMA foreign_keys = ON");
  const begin = database.prepare("begin immediate");
  const commit = database.prepare("commit");
  const rollback = database.prepare("rollback");

  let group: Group | undefined;
  const self = { commitGroup: () => commitGroup() };
  const beginImmediate = () => {
    groupHolder?.commitGroup();
    return begin.run();
  };
  const openGroup = () => {
    beginImmediate();
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
    setImmediate(() => {
      if (group === opened) commitGroup();
    });
  };
  const commitGroup = () => {
    const committing = group;
    if (!committing) return;
    group = undefined;
    groupHolder = undefined;
    try {
      commit.run();
      committing.resolve();
    } catch (error) {
      if (database.isTransaction) rollback.run();
      committing.reject(error);
    }
  };
  // After a failed statement: some errors (disk full, I/O) make SQLite roll back the whole
  // transaction, taking the group's earlier writes with it.
  const checkGroupAfter = (error: unknown) => {
    if (group && !database.isTransaction) {
      const lost = group;
      group = undefined;
      groupHolder = undefined;
      lost.reject(error);
    }
  };

  type Prepared = {
    statement: StatementSync;
    reader: boolean;
    writes: boolean;
    table: string | undefined;
  };
  const cache = new Map<string, Prepared>();
  const prepared = (sql: string) => {
    let entry = cache.get(sql);
    if (!entry) {
      const statement = database.prepare(sql);
      const writes = writeStatement.test(sql);
      entry = {
        statement,
        reader: statement.columns().length > 0,
        writes,
        // A write whose table is not recognised counts as a write to every table.
        table: writes ? (writtenTable.exec(sql)?.[1] ?? "*") : undefined,
      };
      if (cache.size >= 500) cache.clear();
      cache.set(sql, entry);
    }
    return entry;
  };
  // This connection's writes by table; SQLite's data_version counts the other connections'
  // commits. Together they tell a cache whether what it read may have changed.
  const writesTo = new Map<string, number>();
  const dataVersion = database.prepare("pragma data_version");
  const execute = <T>({ writes, table }: Prepared, run: () => T): T => {
    if (table) writesTo.set(table, (writesTo.get(table) ?? 0) + 1);
    if (writes && !database.isTransaction) openGroup();
    try {
      return run();
    } catch (error) {
      checkGroupAfter(error);
      throw error;
    }
  };

  // Set between Kysely's BEGIN and its COMMIT or ROLLBACK.
  let inKyselyTransaction = false;

  return {
    settled: () => group?.done,
    changeStamp(tables) {
      const { data_version } = dataVersion.get() as { data_version: number };
      let stamp = `${data_version}.${writesTo.get("*") ?? 0}`;
      for (const table of tables) stamp += `.${writesTo.get(table) ?? 0}`;
      return stamp;
    },
    runNow(sql, parameters) {
      if (inKyselyTransaction) return undefined;
      const entry = prepared(sql);
      const { statement, reader } = entry;
      const values = parameters as SQLInputValue[];
      return reader
        ? { rows: execute(entry, () => statement.all(...values)), changed: 0 }
        : { rows: [], changed: Number(execute(entry, () => statement.run(...values)).changes) };
    },
    // Kysely closes only a database it has used, and runNow may have been the only user.
    close: () => {
      if (!database.isOpen) return;
      commitGroup();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      if (sql === "begin") {
        // Kysely opens transactions with a plain BEGIN, which takes the write lock only at the
        // first write: a transaction that reads first then fails with "database is locked" when
        // another process wrote in between. Every Varco transaction writes, so take the lock
        // first; the group's writes, made before, commit first.
        return {
          reader: false,
          all: () => [],
          run: () => {
            const result = beginImmediate();
            inKyselyTransaction = true;
            return result;
          },
          iterate: () => [][Symbol.iterator](),
        };
      }
      const entry = prepared(sql);
      const { statement, reader } = entry;
      if (sql === "commit" || sql === "rollback") {
        return {
          reader,
          all: () => [],
          run: () => {
            try {
              return statement.run();
            } finally {
              // A failed commit leaves the transaction open, until Kysely's rollback.
              inKyselyTransaction = database.isTransaction;
            }
          },
          iterate: () => [][Symbol.iterator](),
        };
      }
      return {
        reader,
        all: (parameters) =>
          execute(entry, () => statement.all(...(parameters as SQLInputValue[]))),
        run: (parameters) =>
          execute(entry, () => statement.run(...(parameters as SQLInputValue[]))),
        // A fresh statement: an iteration must not share its cursor with other queries.
        iterate: (parameters) =>
          database
            .prepare(sql)
            .iterate(...(parameters as SQLInputValue[])) as IterableIterator<unknown>,
      };
    },
  };
}
