import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Seed 001 "Token OATH", seed 002: the tenant's inventory of hardware OATH tokens. A token is
 * assigned to one user at most (the unique user_id; NULLs do not collide) and then also appears
 * among the user's methods, as an auth_methods row with the token's id and sealed seed.
 * HOTP tokens count presses, not time: oath_type tells the two apart on both tables.
 */
export const hardwareTokens: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("hardware_tokens")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("serial_number", "text", (c) => c.notNull())
      .addColumn("manufacturer", "text", (c) => c.notNull())
      .addColumn("model", "text", (c) => c.notNull())
      .addColumn("secret_sealed", "text", (c) => c.notNull())
      .addColumn("oath_type", "text", (c) => c.notNull())
      .addColumn("algorithm", "text", (c) => c.notNull())
      .addColumn("digits", "integer", (c) => c.notNull())
      .addColumn("period", "integer", (c) => c.notNull())
      .addColumn("counter", "bigint", (c) => c.notNull())
      .addColumn("user_id", "text", (c) => c.unique().references("users.id").onDelete("set null"))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("assigned_at", "bigint")
      .addUniqueConstraint("hardware_tokens_serial", ["tenant_id", "serial_number"])
      .execute();
    await db.schema
      .alterTable("auth_methods")
      .addColumn("oath_type", "text", (c) => c.notNull().defaultTo("totp"))
      .execute();
  },
};
