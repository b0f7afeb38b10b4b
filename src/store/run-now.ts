import type { QueryOutcome } from "./sqlite-database.ts";

/**
 * The SQLite stores' way around Kysely's connection queue (see `runNow` in sqlite-database.ts),
 * by their Kysely instance. A transaction is another instance, so it is never found here.
 */
export const runNowOf = new WeakMap<
  object,
  (sql: string, parameters: readonly unknown[]) => QueryOutcome | undefined
>();
