import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// `any`: a migration describes the schema as it was then, not the current Database type.
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

export const initial: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("tenants")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull().unique())
      .addColumn("display_name", "text", (c) => c.notNull())
      .addColumn("policy_json", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("users")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("upn", "text", (c) => c.notNull())
      .addColumn("upn_key", "text", (c) => c.notNull())
      .addColumn("display_name", "text", (c) => c.notNull())
      .addColumn("password_hash", "text")
      .addColumn("blocked", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("blocked_reason", "text")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_sign_in_at", "bigint")
      .addUniqueConstraint("users_tenant_upn_unique", ["tenant_id", "upn_key"])
      .execute();

    await db.schema
      .createTable("groups")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addUniqueConstraint("groups_tenant_name_unique", ["tenant_id", "name"])
      .execute();

    await db.schema
      .createTable("group_members")
      .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addPrimaryKeyConstraint("group_members_pk", ["group_id", "user_id"])
      .execute();

    await db.schema
      .createTable("auth_methods")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("label", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("secret_sealed", "text")
      .addColumn("algorithm", "text")
      .addColumn("digits", "integer")
      .addColumn("period", "integer")
      .addColumn("last_step", "bigint")
      .addColumn("failed_attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_used_at", "bigint")
      .execute();
    await db.schema.createIndex("auth_methods_user").on("auth_methods").column("user_id").execute();

    await db.schema
      .createTable("api_keys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("key_hash", "text", (c) => c.notNull().unique())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("revoked_at", "bigint")
      .addColumn("last_used_at", "bigint")
      .execute();

    await db.schema
      .createTable("sign_in_log")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("time", "bigint", (c) => c.notNull())
      .addColumn("user_id", "text")
      .addColumn("upn", "text", (c) => c.notNull())
      .addColumn("client", "text", (c) => c.notNull())
      .addColumn("ip", "text")
      .addColumn("user_agent", "text")
      .addColumn("result", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("method_id", "text")
      .addColumn("method_kind", "text")
      .addColumn("correlation_id", "text")
      .execute();
    await db.schema
      .createIndex("sign_in_log_tenant_time")
      .on("sign_in_log")
      .columns(["tenant_id", "time"])
      .execute();

    await db.schema
      .createTable("audit_log")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text")
      .addColumn("time", "bigint", (c) => c.notNull())
      .addColumn("actor_type", "text", (c) => c.notNull())
      .addColumn("actor_id", "text")
      .addColumn("actor_name", "text", (c) => c.notNull())
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("target_type", "text", (c) => c.notNull())
      .addColumn("target_id", "text")
      .addColumn("details_json", "text", (c) => c.notNull())
      .addColumn("correlation_id", "text")
      .addColumn("ip", "text")
      .execute();
    await db.schema
      .createIndex("audit_log_tenant_time")
      .on("audit_log")
      .columns(["tenant_id", "time"])
      .execute();

    await db.schema
      .createTable("counters")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "bigint", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("single_use_claims")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
  },
};
