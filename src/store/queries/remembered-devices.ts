import type { Db } from "../open-store.ts";
import type { RememberedDevicesTable } from "../schema.ts";

export type RememberedDevice = {
  readonly id: string;
  readonly userId: string;
  readonly userAgent: string | null;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly expiresAt: number;
};

export async function insertRememberedDevice(db: Db, row: RememberedDevicesTable): Promise<void> {
  await db.insertInto("remembered_devices").values(row).execute();
}

/**
 * Rotation: replaces the token of the live device of `userId` whose token hashes to one of
 * `hashes`, in one conditional write, so a copied cookie works once at most. Returns the device.
 */
export async function rotateRememberedDevice(
  db: Db,
  input: { hashes: readonly string[]; userId: string; newHash: string; now: number },
): Promise<RememberedDevice | undefined> {
  const row = await db
    .updateTable("remembered_devices")
    .set({ token_hash: input.newHash, last_used_at: input.now })
    .where("token_hash", "in", input.hashes)
    .where("user_id", "=", input.userId)
    .where("expires_at", ">", input.now)
    .returningAll()
    .executeTakeFirst();
  return row && toDevice(row);
}

export async function listRememberedDevices(
  db: Db,
  userId: string,
  now: number,
): Promise<RememberedDevice[]> {
  const rows = await db
    .selectFrom("remembered_devices")
    .selectAll()
    .where("user_id", "=", userId)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toDevice);
}

/** Deletes one device of a user, or all of them without `id`; returns how many. */
export async function deleteRememberedDevices(
  db: Db,
  userId: string,
  id?: string,
): Promise<number> {
  let query = db.deleteFrom("remembered_devices").where("user_id", "=", userId);
  if (id !== undefined) query = query.where("id", "=", id);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

function toDevice(row: RememberedDevicesTable): RememberedDevice {
  return {
    id: row.id,
    userId: row.user_id,
    userAgent: row.user_agent,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
  };
}
