import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Graph's passwordProfile.forceChangePasswordNextSignIn: an administrator who resets a password
 * may ask the user to choose a new one at the next sign-in. When it was asked; null when not.
 * Apart from the change that high risk asks for (password_change_required_at), which needs a
 * second factor proven first and remediates the risk.
 */
export const passwordChangeAtNextSignIn: Migration = {
  async up(db: Db) {
    await db.schema.alterTable("users").addColumn("password_change_forced_at", "bigint").execute();
  },
};
