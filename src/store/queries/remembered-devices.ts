import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
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

const replaceDeviceToken = preparedQuery(
  (db, args: { hash: string; userId: string; newHash: string; now: number }) =>
    db
      .updateTable("remembered_devices")
      .set({ token_hash: args.newHash, last_used_at: args.now })
      .where("token_hash", "=", args.hash)
      .where("user_id", "=", args.userId)
      .where("expires_at", ">", args.now)
      .returningAll(),
);

/**
 * Rotation: replaces the token of the live device of `userId` whose token hashes to one of
 * `hashes` (one per master key), in one conditional write, so a copied cookie works once at most.
 * Returns the device.
 */
export async function rotateRememberedDevice(
  db: Db,
  input: { hashes: readonly string[]; userId: string; newHash: string; now: number },
): Promise<RememberedDevice | undefined> {
  const { userId, newHash, now } = input;
  for (const hash of input.hashes) {
    const row = (await replaceDeviceToken(db, { hash, userId, newHash, now })).rows[0];
    if (row) return toDevice(row);
  }
  return undefined;
}

const selectLiveDevice = preparedQuery((db, args: { hash: string; userId: string; now: number }) =>
  db
    .selectFrom("remembered_devices")
    .select("id")
    .where("token_hash", "=", args.hash)
    .where("user_id", "=", args.userId)
    .where("expires_at", ">", args.now),
);

/** Whether `userId` has a live device whose token hashes to one of `hashes`; changes nothing. */
export async function isRememberedDevice(
  db: Db,
  input: { hashes: readonly string[]; userId: string; now: number },
): Promise<boolean> {
  for (const hash of input.hashes) {
    if ((await selectLiveDevice(db, { hash, userId: input.userId, now: input.now })).rows[0])
      return true;
  }
  return false;
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
