import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Graph's user properties an administrator sets when creating or editing a user: mail,
 * mobilePhone and department. Null when not given.
 */
export const userProfile: Migration = {
  async up(db: Db) {
    await db.schema.alterTable("users").addColumn("mail", "text").execute();
    await db.schema.alterTable("users").addColumn("mobile_phone", "text").execute();
    await db.schema.alterTable("users").addColumn("department", "text").execute();
  },
};
