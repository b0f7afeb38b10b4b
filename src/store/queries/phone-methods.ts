import { isPhoneType, type PhoneMethod, phoneTypes } from "../../methods/phone/phone-types.ts";
import type { Db } from "../open-store.ts";
import type { PhoneMethodsTable } from "../schema.ts";

function toPhoneMethod(row: PhoneMethodsTable): PhoneMethod | undefined {
  if (!isPhoneType(row.phone_type)) return undefined;
  return {
    userId: row.user_id,
    phoneType: row.phone_type,
    phoneNumber: row.phone_number,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** A user's phones, in Graph's order: mobile, alternateMobile, office. */
export async function listPhoneMethods(db: Db, userId: string): Promise<PhoneMethod[]> {
  const rows = await db
    .selectFrom("phone_methods")
    .selectAll()
    .where("user_id", "=", userId)
    .execute();
  return rows
    .map(toPhoneMethod)
    .filter((m): m is PhoneMethod => m !== undefined)
    .sort((a, b) => phoneTypes.indexOf(a.phoneType) - phoneTypes.indexOf(b.phoneType));
}

export async function findPhoneMethod(
  db: Db,
  userId: string,
  phoneType: string,
): Promise<PhoneMethod | undefined> {
  const row = await db
    .selectFrom("phone_methods")
    .selectAll()
    .where("user_id", "=", userId)
    .where("phone_type", "=", phoneType)
    .executeTakeFirst();
  return row ? toPhoneMethod(row) : undefined;
}

/** Inserts the phone; throws the store's unique violation when the user has one of this type. */
export async function insertPhoneMethod(db: Db, method: PhoneMethod): Promise<void> {
  await db
    .insertInto("phone_methods")
    .values({
      user_id: method.userId,
      phone_type: method.phoneType,
      phone_number: method.phoneNumber,
      created_at: method.createdAt,
      updated_at: method.updatedAt,
    })
    .execute();
}

/** Changes the number; false when the user has no phone of this type. */
export async function updatePhoneNumber(
  db: Db,
  userId: string,
  phoneType: string,
  phoneNumber: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("phone_methods")
    .set({ phone_number: phoneNumber, updated_at: now })
    .where("user_id", "=", userId)
    .where("phone_type", "=", phoneType)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the phone; false when there was none (another request deleted it first). */
export async function deletePhoneMethod(
  db: Db,
  userId: string,
  phoneType: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("phone_methods")
    .where("user_id", "=", userId)
    .where("phone_type", "=", phoneType)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
