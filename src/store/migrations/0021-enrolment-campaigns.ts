import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Enrolment campaigns: a group (or everyone) asked to register a method by a deadline, with a
 * number of postponements before it and reminder e-mails at an interval. Per user, how often
 * they postponed and when they were last reminded (claimed atomically, one reminder per interval
 * whatever the number of instances).
 */
export const enrolmentCampaigns: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("enrolment_campaigns")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("group_id", "text")
      .addColumn("starts_at", "bigint", (c) => c.notNull())
      .addColumn("deadline_at", "bigint", (c) => c.notNull())
      .addColumn("postponements_allowed", "integer", (c) => c.notNull())
      .addColumn("reminder_interval_days", "integer", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("ended_at", "bigint")
      .execute();
    await db.schema
      .createIndex("enrolment_campaigns_tenant_deadline")
      .on("enrolment_campaigns")
      .columns(["tenant_id", "deadline_at"])
      .execute();
    await db.schema
      .createTable("campaign_users")
      .addColumn("campaign_id", "text", (c) => c.notNull().references("enrolment_campaigns.id"))
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("postponements", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("last_reminded_at", "bigint")
      .addColumn("language", "text")
      .addPrimaryKeyConstraint("campaign_users_pk", ["campaign_id", "user_id"])
      .execute();
    await db.schema
      .createIndex("campaign_users_user")
      .on("campaign_users")
      .column("user_id")
      .execute();
  },
};
