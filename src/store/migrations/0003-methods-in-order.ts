import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * A user's methods in the order they are offered (default first, then oldest): the validate
 * path's read then needs no sort. It replaces the index on user_id alone, which it begins with.
 */
export const methodsInOrder: Migration = {
  async up(db: Db) {
    await db.schema
      .createIndex("auth_methods_user_order")
      .on("auth_methods")
      .columns(["user_id", "is_default desc", "created_at"])
      .execute();
    await db.schema.dropIndex("auth_methods_user").execute();
  },
};
