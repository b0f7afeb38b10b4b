import type { Db } from "../open-store.ts";
import type { BackupCodesTable } from "../schema.ts";

export async function replaceBackupCodes(
  db: Db,
  userId: string,
  rows: BackupCodesTable[],
): Promise<void> {
  await db.deleteFrom("backup_codes").where("user_id", "=", userId).execute();
  await db.insertInto("backup_codes").values(rows).execute();
}

export async function countUnusedBackupCodes(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom("backup_codes")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Spends a backup code in one conditional write (invariant 1): true for exactly one caller. */
export async function spendBackupCode(
  db: Db,
  userId: string,
  hashes: readonly string[],
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("backup_codes")
    .set({ used_at: now })
    .where("user_id", "=", userId)
    .where("code_hash", "in", hashes)
    .where("used_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
