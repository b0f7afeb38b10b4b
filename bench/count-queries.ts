// Loaded into a Varco server by the benchmark (`node --import ./bench/count-queries.ts …`): counts
// the SQL statements it runs on SQLite and the queries it sends to PostgreSQL (each query a round
// trip), times SQLite's calls, and writes the figures so far to BENCH_COUNT_FILE when it gets
// SIGUSR2. The calls run on the event loop's thread and wait for nothing but SQLite's own file
// writes, so their time is their CPU unless the thread is preempted meanwhile (which the figure
// then counts too). The monotonic clock costs tens of nanoseconds; the thread's CPU clock as Node
// reads it (getrusage) moves only when the kernel accounts the thread, at a tick or a sleep, and
// so misses most of a call in a burst of work shorter than a tick.
import { writeFileSync } from "node:fs";
import { StatementSync } from "node:sqlite";
import pg from "pg";

export type QueryCounts = {
  /** SQLite statements run, without the group commit's own (begin, commit, savepoints). */
  readonly statements: number;
  /** SQLite commits: one per group of writes. */
  readonly commits: number;
  /** Queries sent to PostgreSQL: one round trip each (begin and commit included). */
  readonly postgresQueries: number;
  /**
   * Milliseconds the event loop's thread spent inside SQLite's calls, every statement, commit and
   * savepoint included: what the store's own work costs, whatever the code around it does.
   */
  readonly sqliteMs: number;
};

const counts = { statements: 0, commits: 0, postgresQueries: 0, sqliteMs: 0 };
let sqliteNanoseconds = 0n;
const control = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

// What each prepared statement is, read once: its SQL text is copied out of SQLite at each read.
const kinds = new WeakMap<StatementSync, "statement" | "commit" | "control">();
const kindOf = (prepared: StatementSync) => {
  let kind = kinds.get(prepared);
  if (!kind) {
    const sql = prepared.sourceSQL;
    kind = !control.test(sql) ? "statement" : /^\s*commit\b/i.test(sql) ? "commit" : "control";
    kinds.set(prepared, kind);
  }
  return kind;
};
const statement = StatementSync.prototype as unknown as Record<string, unknown>;
for (const name of ["run", "all", "get", "iterate"] as const) {
  const original = statement[name] as (this: StatementSync, ...args: unknown[]) => unknown;
  statement[name] = function (this: StatementSync, ...args: unknown[]) {
    const kind = kindOf(this);
    if (kind === "statement") counts.statements++;
    else if (kind === "commit") counts.commits++;
    const start = process.hrtime.bigint();
    try {
      return original.apply(this, args);
    } finally {
      sqliteNanoseconds += process.hrtime.bigint() - start;
    }
  };
}

const client = pg.Client.prototype as unknown as Record<string, unknown>;
const query = client.query as (this: unknown, ...args: unknown[]) => unknown;
client.query = function (this: unknown, ...args: unknown[]) {
  counts.postgresQueries++;
  return query.apply(this, args);
};

const file = process.env.BENCH_COUNT_FILE;
if (file) {
  process.on("SIGUSR2", () => {
    counts.sqliteMs = Number(sqliteNanoseconds) / 1e6;
    writeFileSync(file, JSON.stringify(counts));
  });
}
