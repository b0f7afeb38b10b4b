import { sql } from "kysely";
import type { Db } from "../open-store.ts";
import type { MasterKeyChecksTable } from "../schema.ts";

// Any fixed number: the advisory lock that serialises the key check of instances starting together.
const keyCheckLockId = 0x7661_726b;

/**
 * Within a transaction, waits for any other process checking the master key. On PostgreSQL an
 * advisory lock; on SQLite the transaction's first write takes the database's one write lock.
 */
export async function lockMasterKeyChecks(tx: Db, kind: "sqlite" | "postgres"): Promise<void> {
  if (kind === "postgres") await sql`select pg_advisory_xact_lock(${keyCheckLockId})`.execute(tx);
  else await tx.deleteFrom("master_key_checks").where(sql<boolean>`1 = 0`).execute();
}

export async function listMasterKeyChecks(db: Db): Promise<MasterKeyChecksTable[]> {
  return db.selectFrom("master_key_checks").selectAll().orderBy("created_at").execute();
}

export async function insertMasterKeyCheck(db: Db, row: MasterKeyChecksTable): Promise<void> {
  await db
    .insertInto("master_key_checks")
    .values(row)
    .onConflict((conflict) => conflict.column("key_id").doNothing())
    .execute();
}

/** One sealed OTP seed, if any: in a database older than the key checks it names a key in use. */
export async function findSomeSealedSeed(db: Db): Promise<string | undefined> {
  const method = await db
    .selectFrom("auth_methods")
    .select("secret_sealed")
    .where("secret_sealed", "is not", null)
    .limit(1)
    .executeTakeFirst();
  if (method?.secret_sealed) return method.secret_sealed;
  const token = await db
    .selectFrom("hardware_tokens")
    .select("secret_sealed")
    .limit(1)
    .executeTakeFirst();
  return token?.secret_sealed;
}
