import type { FilterCondition } from "../../odata/types.ts";
import type { Db } from "../open-store.ts";
import type { PhoneMessagesTable } from "../schema.ts";
import { type FilterColumn, filterSql } from "./filter-sql.ts";

/** A message or call as the administrators see it: its record with the user's UPN, never a code. */
export type PhoneMessageEntry = Pick<
  PhoneMessagesTable,
  | "id"
  | "channel"
  | "purpose"
  | "user_id"
  | "recipient_masked"
  | "status"
  | "via"
  | "gateway_message_id"
  | "detail"
  | "created_at"
  | "updated_at"
> & { upn: string };

const phoneMessageFilterColumns: Record<string, FilterColumn> = {
  channel: { column: "phone_messages.channel" },
  status: { column: "phone_messages.status" },
  userId: { column: "phone_messages.user_id" },
  createdDateTime: { column: "phone_messages.created_at" },
  userPrincipalName: { column: "users.upn", caseInsensitive: true },
};

/**
 * A page of a tenant's messages and calls, newest first, continuing after `before` (keyset
 * paging on creation time then id, the order the `(tenant_id, created_at)` index gives). The
 * columns are named one by one: `code_hash` never leaves the store.
 */
export async function listPhoneMessagesPage(
  db: Db,
  input: {
    tenantId: string;
    filter: readonly FilterCondition[];
    top: number;
    before?: { time: number; id: string };
  },
): Promise<{ entries: PhoneMessageEntry[]; more: boolean }> {
  let query = db
    .selectFrom("phone_messages")
    .innerJoin("users", "users.id", "phone_messages.user_id")
    .select([
      "phone_messages.id",
      "phone_messages.channel",
      "phone_messages.purpose",
      "phone_messages.user_id",
      "phone_messages.recipient_masked",
      "phone_messages.status",
      "phone_messages.via",
      "phone_messages.gateway_message_id",
      "phone_messages.detail",
      "phone_messages.created_at",
      "phone_messages.updated_at",
      "users.upn",
    ])
    .where("phone_messages.tenant_id", "=", input.tenantId);
  for (const condition of input.filter)
    query = query.where(filterSql(condition, phoneMessageFilterColumns));
  const before = input.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb("phone_messages.created_at", "<", before.time),
        eb.and([
          eb("phone_messages.created_at", "=", before.time),
          eb("phone_messages.id", "<", before.id),
        ]),
      ]),
    );
  }
  const rows = await query
    .orderBy("phone_messages.created_at", "desc")
    .orderBy("phone_messages.id", "desc")
    .limit(input.top + 1)
    .execute();
  // PostgreSQL answers a bigint as text: the entries hold numbers on both stores.
  const entries = rows.slice(0, input.top).map((row) => ({
    ...row,
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  }));
  return { entries, more: rows.length > input.top };
}
