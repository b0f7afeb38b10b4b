import { existsSync, readFileSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { QueryCounts } from "./count-queries.ts";

export type { QueryCounts };

/** Node arguments that load the counters into a server (see count-queries.ts). */
export const countingArgs = [
  "--import",
  fileURLToPath(new URL("count-queries.ts", import.meta.url)),
];

/** The counts of a server started with `countingArgs` and BENCH_COUNT_FILE=`file`, so far. */
export async function readQueryCounts(pid: number, file: string): Promise<QueryCounts> {
  rmSync(file, { force: true });
  process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const text = readFileSync(file, "utf8");
      if (text.endsWith("}")) return JSON.parse(text) as QueryCounts;
    }
    await sleep(10);
  }
  throw new Error(`no query counts from process ${pid}`);
}

/** What was counted between two readings. */
export function countsBetween(before: QueryCounts, after: QueryCounts): QueryCounts {
  return {
    statements: after.statements - before.statements,
    commits: after.commits - before.commits,
    sqliteMs: after.sqliteMs - before.sqliteMs,
    postgresQueries: after.postgresQueries - before.postgresQueries,
  };
}
