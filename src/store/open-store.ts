import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import { isVarcoError, VarcoError } from "../errors/varco-error.ts";
import { isDatabaseUnavailable } from "./database-unavailable.ts";
import { describeDatabaseUrl, reasonOf } from "./database-url.ts";
import { type MigrationKeys, migrationsWith } from "./migrations/index.ts";
import { createPostgresPool } from "./postgres-pool.ts";
import { makePrivateDatabaseFile, makePrivateFolder } from "./private-files.ts";
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
   * Applies pending migrations; returns the names applied. `keys` checks the master key and
   * seals the audit chain under it (migrations 0013, 0014): give them wherever the audit log
   * will be written.
   */
  migrate(keys?: MigrationKeys): Promise<string[]>;
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
  /** PostgreSQL: how long a query waits for a connection and for its answer (0: no limit). */
  timeoutMs?: number;
  /**
   * PostgreSQL: `timeoutMs` limits only the wait for a connection, not the statements (CLI
   * commands, whose bulk work may rightly take longer, and which an operator can interrupt).
   */
  connectTimeoutOnly?: boolean;
  /** SQLite: WAL checkpoints in a worker thread rather than in commits (for the server). */
  backgroundCheckpoint?: boolean;
};

// Any fixed number: the advisory lock that serialises migrations across instances.
const migrationLockId = 0x7661_7263;

export function openStore(options: StoreOptions): Store {
  const url = options.databaseUrl;
  if (url?.startsWith("postgres://") || url?.startsWith("postgresql://")) {
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const postgres = (poolSize: number, connectOnly: boolean) =>
      new Kysely<Database>({
        dialect: new PostgresDialect({
          pool: createPostgresPool({ url, poolSize, timeoutMs, connectOnly }).kyselyPool,
        }),
      });
    const db = postgres(options.poolSize ?? 10, options.connectTimeoutOnly === true);
    // Migrations may wait for another instance's and may take long: a connection of their own,
    // whose statements have no time limit.
    return wrap("postgres", db, {
      migrationDb: () => postgres(1, true),
      setting: `VARCO_DATABASE_URL (${describeDatabaseUrl(url)})`,
    });
  }
  const path = sqlitePath(url, options.dataDir);
  const setting = url && url !== "sqlite:" ? "VARCO_DATABASE_URL" : "VARCO_DATA_DIR";
  let database: GroupCommitDatabase;
  try {
    if (path !== ":memory:") {
      // The data folder, or the folder named in the URL when it is new, is Varco's user's only.
      if (setting === "VARCO_DATA_DIR") makePrivateFolder(options.dataDir, setting);
      else mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      makePrivateDatabaseFile(path, setting);
    }
    database = openSqliteDatabase(path, { backgroundCheckpoint: options.backgroundCheckpoint });
  } catch (cause) {
    if (isVarcoError(cause)) throw cause;
    // A folder that cannot be made, a file that cannot be opened: say which setting points there.
    throw new VarcoError(
      "database_unavailable",
      `${setting}: the SQLite database ${path} cannot be opened (${(cause as Error).message})`,
      { cause },
    );
  }
  const db = new Kysely<Database>({ dialect: new TransactionalDdlSqliteDialect({ database }) });
  runNowOf.set(db, database.runNow);
  return wrap("sqlite", db, { sqlite: database, setting: `${setting} (${path})` });
}

/** The default of VARCO_DATABASE_TIMEOUT_MS (config/settings.ts). */
const defaultTimeoutMs = 5000;

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

/**
 * The store over `db`; on SQLite, `sqlite` is the connection under it; on PostgreSQL,
 * `migrationDb` opens the connection migrations run on. `setting` names where the database comes
 * from, for the message when it cannot be reached at start.
 */
function wrap(
  kind: Store["kind"],
  db: Db,
  {
    sqlite,
    migrationDb,
    setting,
  }: { sqlite?: GroupCommitDatabase; migrationDb?: () => Db; setting: string },
): Store {
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
    async migrate(keys) {
      const on = migrationDb?.() ?? db;
      try {
        return await migrateOn(on, keys);
      } catch (error) {
        // The first time a command reaches the database: say which setting points at it.
        if (!isDatabaseUnavailable(error)) throw error;
        throw new VarcoError(
          "database_unavailable",
          `${setting} cannot be used: ${reasonOf(error)}`,
          { cause: error },
        );
      } finally {
        if (on !== db) await on.destroy();
      }
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

  async function migrateOn(on: Db, keys: MigrationKeys | undefined): Promise<string[]> {
    // All of it in one write transaction, its own bookkeeping tables included: processes
    // starting together on a new database wait for each other instead of both migrating.
    const applied = await on.transaction().execute(async (tx) => {
      // PostgreSQL: a lock taken before Kysely creates its own tables, which would race.
      if (kind === "postgres")
        await sql`select pg_advisory_xact_lock(${migrationLockId})`.execute(tx);
      const migrator = new Migrator({
        db: tx,
        provider: { getMigrations: async () => migrationsWith(keys) },
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error;
      return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
    });
    // On SQLite the transaction commits with its group: it is done once that is.
    await sqlite?.settled();
    return applied;
  }
}
