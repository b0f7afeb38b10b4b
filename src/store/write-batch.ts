import { CompiledQuery, PostgresAdapter } from "kysely";
import type { Db } from "./open-store.ts";
import type { BoundStatement, PreparedQuery } from "./prepared-query.ts";

/**
 * Writes whose outcome nobody waits for (a counter given back, a failure counted, the sign-in
 * log entry), gathered while a request is checked and sent together at its end. On PostgreSQL
 * they go as one statement, each write a data-modifying WITH query, so the lot costs one round
 * trip and lands whole or not at all; on SQLite they run one after another in the same group
 * commit. The writes of one batch see the same snapshot and must not touch the same row twice
 * (PostgreSQL does not say which of two changes to one row wins).
 */
export type WriteBatch = {
  add<Args>(query: PreparedQuery<Args, unknown>, args: Args): void;
  run(db: Db): Promise<void>;
};

export function writeBatch(): WriteBatch {
  const writes: { query: PreparedQuery<never, unknown>; args: unknown }[] = [];
  return {
    add(query, args) {
      writes.push({ query: query as PreparedQuery<never, unknown>, args });
    },
    async run(db) {
      const taken = writes.splice(0);
      if (taken.length === 0) return;
      if (taken.length === 1 || !(db.getExecutor().adapter instanceof PostgresAdapter)) {
        for (const { query, args } of taken) await query(db, args as never);
        return;
      }
      const { sql, parameters } = withQueries(
        taken.map(({ query, args }) => query.statement(db, args as never)),
      );
      await db.executeQuery(CompiledQuery.raw(sql, parameters));
    },
  };
}

/** PostgreSQL: `with w0 as (…), w1 as (…) select 1`, the parameters of each renumbered. */
function withQueries(statements: readonly BoundStatement[]): BoundStatement {
  const parameters: unknown[] = [];
  const parts = statements.map((statement, index) => {
    const offset = parameters.length;
    parameters.push(...statement.parameters);
    const sql = statement.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return `w${index} as (${sql})`;
  });
  return { sql: `with ${parts.join(", ")} select 1`, parameters };
}
