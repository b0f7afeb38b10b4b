import { type Compilable, CompiledQuery } from "kysely";
import type { Db } from "./open-store.ts";
import { runNowOf } from "./run-now.ts";

type Slot = { readonly arg: string } | { readonly value: unknown };

/**
 * A query built once with Kysely and then run with new arguments, skipping the builder and the
 * compiler: those cost more than SQLite itself on the validate path. `build` receives stand-ins
 * for the arguments (never read them, only pass them to the builder); the SQL is compiled once
 * per database dialect, and each run only fills in the parameters. On SQLite it runs at once,
 * outside Kysely's connection queue, unless a transaction holds the connection.
 */
export function preparedQuery<Args extends Record<string, string | number | null>, Row>(
  build: (db: Db, args: Args) => Compilable<Row>,
): PreparedQuery<Args, Row> {
  const compiled = new Map<object, { sql: string; slots: Slot[] }>();
  const statement = (db: Db, args: Args): BoundStatement => {
    const adapter = db.getExecutor().adapter;
    let query = compiled.get(adapter);
    if (!query) {
      query = compile(db, build);
      compiled.set(adapter, query);
    }
    const parameters = query.slots.map((slot) => ("arg" in slot ? args[slot.arg] : slot.value));
    return { sql: query.sql, parameters };
  };
  const run = async (db: Db, args: Args) => {
    const { sql, parameters } = statement(db, args);
    const now = runNowOf.get(db)?.(sql, parameters);
    if (now) return now as { rows: Row[]; changed: number };
    const result = await db.executeQuery<Row>(CompiledQuery.raw(sql, parameters));
    return { rows: result.rows, changed: Number(result.numAffectedRows ?? 0) };
  };
  return Object.assign(run, { statement });
}

/** A prepared query: run it, or take its SQL and parameters to run with others (write-batch.ts). */
export type PreparedQuery<Args, Row> = ((
  db: Db,
  args: Args,
) => Promise<{ rows: Row[]; changed: number }>) & {
  readonly statement: (db: Db, args: Args) => BoundStatement;
};

/** SQL in the dialect of the database it was compiled for, with its parameters. */
export type BoundStatement = { readonly sql: string; readonly parameters: unknown[] };

const marker = "\u0000arg:";

function compile<Args extends Record<string, string | number | null>, Row>(
  db: Db,
  build: (db: Db, args: Args) => Compilable<Row>,
): { sql: string; slots: Slot[] } {
  const standIns = new Proxy({} as Args, { get: (_target, name) => `${marker}${String(name)}` });
  const { sql, parameters } = build(db, standIns).compile();
  const slots = parameters.map(
    (value): Slot =>
      typeof value === "string" && value.startsWith(marker)
        ? { arg: value.slice(marker.length) }
        : { value },
  );
  return { sql, slots };
}
