import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * A tenant's phone settings: its SMS gateways and call provider (each configuration sealed with
 * the master key, as OTP seeds are), the toll-fraud limits, the countries it may send to, the
 * caller ID and fraud code of a call, and the shape of a phone code. No row: the defaults of
 * src/phone-settings/default-phone-settings.ts. `version` grows by one with every change, so a
 * write made from an older read is refused instead of undoing another.
 */
export const tenantPhoneSettings: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("tenant_phone_settings")
      .addColumn("tenant_id", "text", (c) =>
        c.primaryKey().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("sms_primary_sealed", "text")
      .addColumn("sms_secondary_sealed", "text")
      .addColumn("voice_provider_sealed", "text")
      .addColumn("country", "text", (c) => c.notNull().defaultTo("IT"))
      .addColumn("allowed_countries", "text", (c) => c.notNull().defaultTo('["IT"]'))
      .addColumn("messages_per_user_per_hour", "integer", (c) => c.notNull().defaultTo(5))
      .addColumn("messages_per_number_per_hour", "integer", (c) => c.notNull().defaultTo(5))
      .addColumn("messages_per_tenant_per_hour", "integer", (c) => c.notNull().defaultTo(200))
      .addColumn("monthly_message_cap", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("caller_id", "text", (c) => c.notNull().defaultTo(""))
      .addColumn("fraud_code", "text", (c) => c.notNull().defaultTo("0#"))
      .addColumn("code_length", "integer", (c) => c.notNull().defaultTo(6))
      .addColumn("code_lifetime_minutes", "integer", (c) => c.notNull().defaultTo(5))
      .addColumn("resend_cooldown_seconds", "integer", (c) => c.notNull().defaultTo(30))
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
  },
};
