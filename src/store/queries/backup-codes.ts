import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { BackupCodesTable } from "../schema.ts";

export async function replaceBackupCodes(
  db: Db,
  userId: string,
  rows: BackupCodesTable[],
): Promise<void> {
  await db.deleteFrom("backup_codes").where("user_id", "=", userId).execute();
  await db.insertInto("backup_codes").values(rows).execute();
}

const countUnused = preparedQuery((db, args: { userId: string }) =>
  db
    .selectFrom("backup_codes")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", args.userId)
    .where("used_at", "is", null),
);

export async function countUnusedBackupCodes(db: Db, userId: string): Promise<number> {
  const { rows } = await countUnused(db, { userId });
  return Number(rows[0]?.count ?? 0);
}

const markBackupCodeUsed = preparedQuery(
  (db, args: { userId: string; hash: string; now: number }) =>
    db
      .updateTable("backup_codes")
      .set({ used_at: args.now })
      .where("user_id", "=", args.userId)
      .where("code_hash", "=", args.hash)
      .where("used_at", "is", null),
);

/** Spends a backup code in one conditional write (invariant 1): true for exactly one caller. */
export async function spendBackupCode(
  db: Db,
  userId: string,
  hash: string,
  now: number,
): Promise<boolean> {
  return (await markBackupCodeUsed(db, { userId, hash, now })).changed > 0;
}

/** The user's code stored under one of `hashes` (one per master key, so at most one matches). */
export async function findBackupCode(
  db: Db,
  userId: string,
  hashes: readonly string[],
): Promise<{ hash: string; spent: boolean } | undefined> {
  const row = await db
    .selectFrom("backup_codes")
    .select(["code_hash", "used_at"])
    .where("user_id", "=", userId)
    .where("code_hash", "in", hashes)
    .executeTakeFirst();
  return row && { hash: row.code_hash, spent: row.used_at !== null };
}
