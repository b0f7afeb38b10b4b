import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Seed 001 "Segnala attività sospette": a user's risk, its detections, blocks that end by
 * themselves (a fraud report blocks for 90 days), and a password change required by high risk.
 */
export const risk: Migration = {
  async up(db: Db) {
    await db.schema.alterTable("users").addColumn("blocked_until", "bigint").execute();
    await db.schema
      .alterTable("users")
      .addColumn("password_change_required_at", "bigint")
      .execute();

    await db.schema
      .createTable("risky_users")
      .addColumn("user_id", "text", (c) =>
        c.primaryKey().references("users.id").onDelete("cascade"),
      )
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("risk_level", "text", (c) => c.notNull())
      .addColumn("risk_state", "text", (c) => c.notNull())
      .addColumn("risk_detail", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("risky_users_tenant")
      .on("risky_users")
      .columns(["tenant_id", "updated_at"])
      .execute();

    await db.schema
      .createTable("risk_detections")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("risk_event_type", "text", (c) => c.notNull())
      .addColumn("risk_level", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("ip", "text")
      .addColumn("detected_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("risk_detections_tenant")
      .on("risk_detections")
      .columns(["tenant_id", "detected_at"])
      .execute();
  },
};
