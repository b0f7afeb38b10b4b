import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Adapts Node's built-in `node:sqlite` to the interface Kysely's SqliteDialect expects, so the
 * embedded default needs no native addon. Prepared statements are cached by SQL text: the same
 * few queries run on every validate call, and preparing costs more than running them.
 */
export function openSqliteDatabase(path: string): SqliteDatabase {
  const database = new DatabaseSync(path, { timeout: 5000 });
  database.exec("PRAGMA journal_mode = WAL");
  database.exec("PRAGMA synchronous = NORMAL");
  database.exec("PRAGMA foreign_keys = ON");
  const cache = new Map<string, { statement: StatementSync; reader: boolean }>();
  const prepared = (sql: string) => {
    let entry = cache.get(sql);
    if (!entry) {
      const statement = database.prepare(sql);
      entry = { statement, reader: statement.columns().length > 0 };
      if (cache.size >= 500) cache.clear();
      cache.set(sql, entry);
    }
    return entry;
  };
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      // Kysely opens transactions with a plain BEGIN, which takes the write lock only at the
      // first write: a transaction that reads first then fails with "database is locked" when
      // another process wrote in between. Every Varco transaction writes, so take the lock first.
      const { statement, reader } = prepared(sql === "begin" ? "begin immediate" : sql);
      return {
        reader,
        all: (parameters) => statement.all(...(parameters as SQLInputValue[])),
        run: (parameters) => statement.run(...(parameters as SQLInputValue[])),
        // A fresh statement: an iteration must not share its cursor with other queries.
        iterate: (parameters) =>
          database
            .prepare(sql)
            .iterate(...(parameters as SQLInputValue[])) as IterableIterator<unknown>,
      };
    },
  };
}
