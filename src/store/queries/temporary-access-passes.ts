import type { Db } from "../open-store.ts";
import type { TemporaryAccessPassesTable } from "../schema.ts";

export type TemporaryAccessPass = {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly passHash: string;
  readonly usableOnce: boolean;
  readonly createdAt: number;
  readonly startAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  readonly lastUsedAt: number | null;
};

export async function findTemporaryAccessPass(
  db: Db,
  userId: string,
): Promise<TemporaryAccessPass | undefined> {
  const row = await db
    .selectFrom("temporary_access_passes")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row && toPass(row);
}

/** Forgets the user's pass when it can no longer be used (expired or spent), so a new one fits. */
export async function deleteUnusablePass(db: Db, userId: string, now: number): Promise<void> {
  await db
    .deleteFrom("temporary_access_passes")
    .where("user_id", "=", userId)
    .where((eb) => eb.or([eb("expires_at", "<=", now), eb("used_at", "is not", null)]))
    .execute();
}

export async function insertTemporaryAccessPass(
  db: Db,
  row: TemporaryAccessPassesTable,
): Promise<void> {
  await db.insertInto("temporary_access_passes").values(row).execute();
}

/** Deletes the user's pass; true when there was one. */
export async function deleteTemporaryAccessPass(db: Db, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("temporary_access_passes")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * A sign-in uses the pass, in one conditional write (invariant 1): a one-time pass is spent by
 * exactly one caller; a multi-use pass only while it is valid. True when this use counts.
 */
export async function usePass(
  db: Db,
  input: { id: string; usableOnce: boolean; now: number },
): Promise<boolean> {
  const { id, now } = input;
  let update = db
    .updateTable("temporary_access_passes")
    .set(input.usableOnce ? { used_at: now, last_used_at: now } : { last_used_at: now })
    .where("id", "=", id)
    .where("start_at", "<=", now)
    .where("expires_at", ">", now);
  if (input.usableOnce) update = update.where("used_at", "is", null);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

function toPass(row: TemporaryAccessPassesTable): TemporaryAccessPass {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    passHash: row.pass_hash,
    usableOnce: Number(row.usable_once) === 1,
    createdAt: Number(row.created_at),
    startAt: Number(row.start_at),
    expiresAt: Number(row.expires_at),
    usedAt: row.used_at === null ? null : Number(row.used_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}
