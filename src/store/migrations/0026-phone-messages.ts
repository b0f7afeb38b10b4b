import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Every SMS and call Varco asks a gateway for: to whom (masked), why, what the gateway answered
 * and what its delivery report or the call's digits said later. A code is never kept here, only
 * (for a validate call's challenge, which has no pending sign-in to hold it) its keyed hash.
 */
export const phoneMessages: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("phone_messages")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("purpose", "text", (c) => c.notNull())
      .addColumn("pending_sign_in_id", "text")
      .addColumn("phone_type", "text")
      .addColumn("recipient_masked", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("via", "text")
      .addColumn("gateway_message_id", "text")
      .addColumn("detail", "text")
      .addColumn("code_hash", "text")
      .addColumn("expires_at", "bigint")
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("language", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("phone_messages_gateway_id")
      .on("phone_messages")
      .column("gateway_message_id")
      .execute();
    await db.schema
      .createIndex("phone_messages_tenant_created")
      .on("phone_messages")
      .columns(["tenant_id", "created_at"])
      .execute();
  },
};
