import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import type { Keyring } from "../crypto/keyring.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { migrationsWith } from "./migrations/index.ts";
import { runNowOf } from "./run-now.ts";
import type { Database } from "./schema.ts";
import { type GroupCommitDatabase, openSqliteDatabase } from "./sqlite-database.ts";

/** A connection or an open transaction: query functions take either. */
export type Db = Kysely<Database>;

export type Store = {
  readonly kind: "sqlite" | "postgres";
  readonly db: Db;
  /** Runs `work` in one transaction: a change and its audit entry land together or not at all. */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Applies pending migrations; returns the names applied. `keyring` seals the audit chain
   * under the master key (migration 0013): give it wherever the audit log will be written.
   */
  migrate(keyring?: Keyring): Promise<string[]>;
  /**
   * Resolves when every write made so far is committed (SQLite commits the writes made outside
   * transactions in groups); undefined when none waits. Answer a request only after it.
   */
  settled(): Promise<void> | undefined;
  /**
   * A value that changes whenever a row of one of `tables` may have changed, by this process or
   * any other, so a cache of what was read from them knows when to read again; undefined when
   * the database cannot tell cheaply (PostgreSQL), and nothing should be cached.
   */
  changeStamp(tables: readonly string[]): string | undefined;
  /** Throws when the database does not answer (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type StoreOptions = {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
  /** SQLite: WAL checkpoints in a worker thread rather than in commits (for the server). */
  backgroundCheckpoint?: boolean;
};

const int8 = 20;
// Any fixed number: the advisory lock that serialises migrations across instances.
const migrationLockId = 0x7661_7263;

export function openStore(options: StoreOptions): Store {
  const url = options.databaseUrl;
  if (url?.startsWith("postgres://") || url?.startsWith("postgresql://")) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // Times and counters are bigint columns; every value fits a JS number exactly.
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") =>
          oid === int8
            ? Number
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the server dropped (restart, failover) must not crash the process: the
    // pool replaces it, and queries in flight fail on their own.
    pool.on("error", () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return wrap("postgres", db);
  }
  const path = sqlitePath(url, options.dataDir);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = openSqliteDatabase(path, { backgroundCheckpoint: options.backgroundCheckpoint });
  const db = new Kysely<Database>({ dialect: new TransactionalDdlSqliteDialect({ database }) });
  runNowOf.set(db, database.runNow);
  return wrap("sqlite", db, database);
}

/**
 * SQLite runs DDL inside transactions, though Kysely's adapter says otherwise. Saying so lets
 * migrations run in one write transaction (see migrate below).
 */
class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): SqliteAdapter {
    return new (class extends SqliteAdapter {
      override get supportsTransactionalDdl(): boolean {
        return true;
      }
    })();
  }
}

function sqlitePath(url: string | undefined, dataDir: string): string {
  if (!url) return join(dataDir, "varco.db");
  if (url.startsWith("sqlite:")) return url.slice("sqlite:".length) || join(dataDir, "varco.db");
  throw new VarcoError(
    "invalid_config",
    "VARCO_DATABASE_URL must start with postgres:// or sqlite:",
  );
}

/** The store over `db`; on SQLite, `sqlite` is the connection under it. */
function wrap(kind: Store["kind"], db: Db, sqlite?: GroupCommitDatabase): Store {
  const transaction: Store["transaction"] = async (work) => {
    const result = await db.transaction().execute(work);
    // On SQLite the transaction commits with its group: it is done once that is.
    await sqlite?.settled();
    return result;
  };
  return {
    kind,
    db,
    settled: () => sqlite?.settled(),
    changeStamp: (tables) => sqlite?.changeStamp(tables),
    transaction,
    async migrate(keyring) {
      // All of it in one write transaction, its own bookkeeping tables included: processes
      // starting together on a new database wait for each other instead of both migrating.
      return transaction(async (tx) => {
        // PostgreSQL: a lock taken before Kysely creates its own tables, which would race.
        if (kind === "postgres")
          await sql`select pg_advisory_xact_lock(${migrationLockId})`.execute(tx);
        const migrator = new Migrator({
          db: tx,
          provider: { getMigrations: async () => migrationsWith(keyring) },
        });
        const { error, results } = await migrator.migrateToLatest();
        if (error) throw error;
        return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
      });
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await sqlite?.stopBackgroundWork();
      await db.destroy();
      sqlite?.close();
    },
  };
}
