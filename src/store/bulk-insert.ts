import { CompiledQuery } from "kysely";
import type { Db } from "./open-store.ts";
import type { Database } from "./schema.ts";

type Compiled = {
  readonly sql: string;
  /** For each parameter of `sql`, the row and the column whose value it takes. */
  readonly slots: readonly { readonly row: number; readonly column: string }[];
};

// Statements kept per database dialect; a token import uses one or two row counts.
const maxKept = 64;
const compiled = new WeakMap<object, Map<string, Compiled>>();
const marker = "\u0000slot:";

/**
 * Inserts `rows` into `table` with one statement, as Kysely would write it, but compiled once per
 * table, set of columns and row count instead of once per call: Kysely builds a node for every
 * value, and for a few hundred rows of a dozen columns that cost more than SQLite's own insert
 * and left as much garbage to collect. Every row must have the same columns as the first.
 */
export async function insertRows<T extends keyof Database>(
  db: Db,
  table: T,
  rows: readonly Database[T][],
): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const columns = Object.keys(first);
  const adapter = db.getExecutor().adapter;
  let kept = compiled.get(adapter);
  if (!kept) {
    kept = new Map();
    compiled.set(adapter, kept);
  }
  const key = `${table}\u0000${columns.join(",")}\u0000${rows.length}`;
  let query = kept.get(key);
  if (!query) {
    query = compile(db, table, columns, rows.length);
    if (kept.size >= maxKept) kept.clear();
    kept.set(key, query);
  }
  const parameters = query.slots.map(
    ({ row, column }) => (rows[row] as Record<string, unknown>)[column],
  );
  await db.executeQuery(CompiledQuery.raw(query.sql, parameters));
}

function compile(db: Db, table: keyof Database, columns: readonly string[], count: number) {
  const standIns = Array.from({ length: count }, (_, row) =>
    Object.fromEntries(columns.map((column) => [column, `${marker}${row}:${column}`])),
  );
  const { sql, parameters } = db
    .insertInto(table)
    // biome-ignore lint/suspicious/noExplicitAny: stand-ins for any table's rows, read back below
    .values(standIns as any)
    .compile();
  const slots = parameters.map((value) => {
    const text = String(value);
    const separator = text.indexOf(":", marker.length);
    if (!text.startsWith(marker) || separator === -1) throw new Error(`unexpected ${text}`);
    return { row: Number(text.slice(marker.length, separator)), column: text.slice(separator + 1) };
  });
  return { sql, slots };
}
