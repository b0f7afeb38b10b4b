import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * A user's phones, as Graph's `phoneMethods`: at most one of each type (mobile, alternateMobile,
 * office), so the user and the type are the key. The number is stored as Graph writes it.
 */
export const phoneMethods: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("phone_methods")
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("phone_type", "text", (c) => c.notNull())
      .addColumn("phone_number", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("phone_methods_pk", ["user_id", "phone_type"])
      .execute();
  },
};
