import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Which methods a tenant enables, and for whom: Graph's `authenticationMethodConfigurations`,
 * one row per tenant and method id ("Sms", "SoftwareOath", …), the targets as JSON text. A
 * method without a row keeps its default (src/policy/method-configurations/method-configuration.ts),
 * so a tenant that never changed one reads exactly as before this table.
 */
export const authenticationMethodConfigurations: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("authentication_method_configurations")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id"))
      .addColumn("method_id", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("include_targets_json", "text", (c) => c.notNull())
      .addColumn("exclude_targets_json", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("authentication_method_configurations_pk", [
        "tenant_id",
        "method_id",
      ])
      .execute();
  },
};
