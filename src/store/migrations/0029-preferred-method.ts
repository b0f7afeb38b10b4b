import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * The phone a user signs in with by default (Graph's signInPreferences
 * `userPreferredMethodForSecondaryAuthentication`), as `sms:<phoneType>` or `voice:<phoneType>`;
 * null: the default OATH method (`auth_methods.is_default`), as before.
 */
export const preferredMethod: Migration = {
  async up(db: Db) {
    await db.schema.alterTable("users").addColumn("preferred_phone_method", "text").execute();
  },
};
