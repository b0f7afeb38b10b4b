import type { Db } from "../open-store.ts";
import type { PhoneMessagesTable } from "../schema.ts";

export async function insertPhoneMessage(db: Db, row: PhoneMessagesTable): Promise<void> {
  await db.insertInto("phone_messages").values(row).execute();
}

/** What the gateway answered when the message was handed to it. */
export async function setPhoneMessageSent(
  db: Db,
  input: {
    id: string;
    status: "sent" | "failed" | "calling";
    via: string | null;
    gatewayMessageId: string | null;
    detail: string | null;
    now: number;
  },
): Promise<void> {
  await db
    .updateTable("phone_messages")
    .set({
      status: input.status,
      via: input.via,
      gateway_message_id: input.gatewayMessageId,
      detail: input.detail,
      updated_at: input.now,
    })
    .where("id", "=", input.id)
    .execute();
}

/**
 * A delivery report for the message the gateway knows by `gatewayMessageId`: recorded once (a
 * report repeated by the gateway changes nothing). Returns the message when this report changed it.
 */
export async function recordPhoneDelivery(
  db: Db,
  input: {
    gatewayMessageId: string;
    status: "delivered" | "undelivered";
    detail: string;
    now: number;
  },
): Promise<
  Pick<PhoneMessagesTable, "id" | "tenant_id" | "user_id" | "recipient_masked"> | undefined
> {
  const row = await db
    .updateTable("phone_messages")
    .set({ status: input.status, detail: input.detail, updated_at: input.now })
    .where("gateway_message_id", "=", input.gatewayMessageId)
    .where("channel", "=", "sms")
    .where("status", "in", ["sending", "sent"])
    .returning(["id", "tenant_id", "user_id", "recipient_masked"])
    .executeTakeFirst();
  return row;
}

/** The messages of a tenant, newest first, for the admin pages (never a code). */
export async function listPhoneMessages(
  db: Db,
  tenantId: string,
  limit: number,
): Promise<PhoneMessagesTable[]> {
  return db
    .selectFrom("phone_messages")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}
