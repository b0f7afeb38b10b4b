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

/**
 * Spends a backup code in one conditional write (invariant 1): true for exactly one caller.
 * One write per candidate hash (one per master key, each prefixed with its key id, so at most one
 * can match a stored code), the current key first.
 */
export async function spendBackupCode(
  db: Db,
  userId: string,
  hashes: readonly string[],
  now: number,
): Promise<boolean> {
  for (const hash of hashes) {
    if ((await markBackupCodeUsed(db, { userId, hash, now })).changed > 0) return true;
  }
  return false;
}
