import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * One row per master key that has sealed data in this database: a known value sealed under it.
 * At start, a key that opens none of them is the wrong key, and Varco refuses to start instead
 * of failing at the first code it cannot decrypt. `checkKey`, when given, runs that check here,
 * so that no later migration seals anything under a wrong key.
 */
export function masterKeyChecks(checkKey: ((db: Db) => Promise<void>) | undefined): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable("master_key_checks")
        .addColumn("key_id", "text", (c) => c.primaryKey())
        .addColumn("sealed", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .execute();
      await checkKey?.(db);
    },
  };
}
