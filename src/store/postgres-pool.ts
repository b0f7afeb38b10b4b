import type { PostgresPool, PostgresPoolClient } from "kysely";
import pg from "pg";
import { isDatabaseUnavailable } from "./database-unavailable.ts";

export type PostgresPoolOptions = {
  readonly url: string;
  readonly poolSize: number;
  /**
   * How long a query may wait for a connection, and then for its answer (milliseconds, 0: no
   * limit): past it the query fails, and the request answers 503 instead of hanging while the
   * server is away or unreachable.
   */
  readonly timeoutMs: number;
  /** Only the wait for a connection is limited (migrations, which may take long). */
  readonly connectOnly?: boolean;
};

const int8 = 20;

/**
 * The pg pool under Kysely. A connection whose query failed because the server went away or did
 * not answer in time is dropped, not put back: it may still be waiting for an answer that will
 * never come, and the next query on it would wait behind that one. A connection the server ends
 * never crashes the process, idle in the pool or lent out.
 */
export function createPostgresPool(options: PostgresPoolOptions): {
  pool: pg.Pool;
  kyselyPool: PostgresPool;
} {
  const timeout = options.timeoutMs > 0 ? options.timeoutMs : undefined;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    // Times and counters are bigint columns; every value fits a JS number exactly.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === int8
          ? Number
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
    ...(timeout
      ? {
          // Waiting for a free connection or for a new one to open.
          connectionTimeoutMillis: timeout,
        }
      : {}),
    ...(timeout && !options.connectOnly
      ? {
          // The server cancels a statement past it and the connection stays usable; the client
          // gives up a little later when the server itself does not answer.
          statement_timeout: timeout,
          query_timeout: timeout + 500,
        }
      : {}),
    // A peer that vanished without closing (a failover, a cable) is noticed.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle connection the server dropped (restart, failover) must not crash the process: the
  // pool replaces it, and queries in flight fail on their own.
  pool.on("error", () => {});
  const kyselyPool: PostgresPool = {
    options: pool.options,
    end: () => pool.end(),
    async connect() {
      return droppedWhenBroken(await pool.connect());
    },
  };
  return { pool, kyselyPool };
}

function droppedWhenBroken(client: pg.PoolClient): PostgresPoolClient {
  let broken = false;
  const noteFailure = (error: unknown) => {
    if (isDatabaseUnavailable(error)) broken = true;
    throw error;
  };
  // A connection ended by the server while lent out between two queries (inside a transaction)
  // emits "error" with no query to take it; unheard, that would end the process. The next query
  // on it fails by itself.
  const onError = () => {
    broken = true;
  };
  client.on("error", onError);
  return {
    // biome-ignore lint/suspicious/noExplicitAny: passes Kysely's two query forms through to pg
    query: ((...args: any[]) => {
      const result = (client.query as (...a: unknown[]) => unknown)(...args);
      // A cursor (streamed results) is returned as it is; a plain query is a promise.
      return result instanceof Promise ? result.catch(noteFailure) : result;
    }) as PostgresPoolClient["query"],
    release: () => {
      client.removeListener("error", onError);
      client.release(broken);
    },
  };
}
