import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { SqliteDatabase, SqliteStatement } from "kysely";
import { checkpointInBackground } from "./background-checkpoint.ts";
import { groupCommit } from "./group-commit.ts";

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
  /** Stops the background checkpoints, if any; before close. */
  stopBackgroundWork(): Promise<void>;
};

export type QueryOutcome = { readonly rows: unknown[]; readonly changed: number };

type Prepared = {
  readonly statement: StatementSync;
  readonly reader: boolean;
  /** The table a write changes ("*" when not recognised); undefined for a read. */
  readonly table: string | undefined;
};

const writeStatement =
  /^\s*(?:insert\s+into|replace\s+into|update|delete\s+from)\s+"?([A-Za-z_]*)/i;

/**
 * Adapts Node's built-in `node:sqlite` to the interface Kysely's SqliteDialect expects, so the
 * embedded default needs no native addon. Prepared statements are cached by SQL text: the same
 * few queries run on every validate call, and preparing costs more than running them. Writes
 * are committed in groups (group-commit.ts).
 */
export function openSqliteDatabase(
  path: string,
  options: { backgroundCheckpoint?: boolean } = {},
): GroupCommitDatabase {
  const database = new DatabaseSync(path, { timeout: 5000 });
  database.exec("PRAGMA journal_mode = WAL");
  database.exec("PRAGMA synchronous = NORMAL");
  database.exec("PRAGMA foreign_keys = ON");
  const group = groupCommit(database);
  const checkpoints =
    options.backgroundCheckpoint && path !== ":memory:"
      ? checkpointInBackground(database, path)
      : undefined;

  const cache = new Map<string, Prepared>();
  const prepared = (sql: string): Prepared => {
    let entry = cache.get(sql);
    if (!entry) {
      const statement = database.prepare(sql);
      const write = writeStatement.exec(sql);
      entry = {
        statement,
        reader: statement.columns().length > 0,
        table: write ? write[1] || "*" : undefined,
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
  // Read once per turn of the event loop, however many requests of that turn ask: a commit by
  // another process is seen from the next turn on, as if it had landed a moment later.
  let dataVersionOfTurn: number | undefined;
  const forgetDataVersion = () => {
    dataVersionOfTurn = undefined;
  };
  const currentDataVersion = () => {
    if (dataVersionOfTurn === undefined) {
      dataVersionOfTurn = (dataVersion.get() as { data_version: number }).data_version;
      setImmediate(forgetDataVersion);
    }
    return dataVersionOfTurn;
  };

  const execute = <T>({ table }: Prepared, run: () => T): T => {
    if (table) {
      writesTo.set(table, (writesTo.get(table) ?? 0) + 1);
      if (!group.inTransaction) group.join();
    }
    try {
      return run();
    } catch (error) {
      group.afterError(error);
      throw error;
    }
  };
  const control = (run: () => void): SqliteStatement => ({
    reader: false,
    all: () => [],
    run: () => {
      run();
      return { changes: 0, lastInsertRowid: 0 };
    },
    iterate: () => [][Symbol.iterator](),
  });

  return {
    settled: group.settled,
    changeStamp(tables) {
      let stamp = `${currentDataVersion()}.${writesTo.get("*") ?? 0}`;
      for (const table of tables) stamp += `.${writesTo.get(table) ?? 0}`;
      return stamp;
    },
    runNow(sql, parameters) {
      if (group.inTransaction) return undefined;
      const entry = prepared(sql);
      const { statement, reader } = entry;
      const values = parameters as SQLInputValue[];
      return reader
        ? { rows: execute(entry, () => statement.all(...values)), changed: 0 }
        : { rows: [], changed: Number(execute(entry, () => statement.run(...values)).changes) };
    },
    stopBackgroundWork: async () => checkpoints?.stop(),
    // Kysely closes only a database it has used, and runNow may have been the only user.
    close: () => {
      if (!database.isOpen) return;
      group.commit();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      // Kysely's transactions become savepoints in the group, which holds the write lock from
      // its start: a transaction never reads, then fails to write because another process did.
      if (sql === "begin") return control(group.beginTransaction);
      if (sql === "commit") return control(() => group.endTransaction("commit"));
      if (sql === "rollback") return control(() => group.endTransaction("rollback"));
      const entry = prepared(sql);
      const { statement, reader } = entry;
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
