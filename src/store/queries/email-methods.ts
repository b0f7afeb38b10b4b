import type { Db } from "../open-store.ts";

/** A user's authentication e-mail, as stored. */
export type StoredEmailMethod = {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  /** As typed; compared lower-cased. */
  readonly address: string;
  readonly createdAt: number;
};

/** The user's authentication e-mail, or undefined. */
export async function findEmailMethod(
  db: Db,
  userId: string,
): Promise<StoredEmailMethod | undefined> {
  const row = await db
    .selectFrom("email_methods")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      tenantId: row.tenant_id,
      userId: row.user_id,
      address: row.address,
      createdAt: Number(row.created_at),
    }
  );
}

/** Inserts the address; throws the store's unique violation when the user has one already. */
export async function insertEmailMethod(db: Db, method: StoredEmailMethod): Promise<void> {
  await db
    .insertInto("email_methods")
    .values({
      id: method.id,
      tenant_id: method.tenantId,
      user_id: method.userId,
      address: method.address,
      created_at: method.createdAt,
    })
    .execute();
}

/** Changes the address; false when the user has none. */
export async function updateEmailAddress(
  db: Db,
  userId: string,
  address: string,
): Promise<boolean> {
  const result = await db
    .updateTable("email_methods")
    .set({ address })
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the address; false when there was none (another request deleted it first). */
export async function deleteEmailMethod(db: Db, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("email_methods")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
