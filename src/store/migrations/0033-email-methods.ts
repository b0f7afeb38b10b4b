import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * E-mail as an authentication method (self-service password reset only, as Graph's
 * `emailAuthenticationMethod`): one address per user, apart from the directory's `mail`, kept as
 * typed. And the codes sent to an address: only their keyed hashes, each bound to its purpose, its
 * user, what asked for it (`bound_to`: a session registering the address, a pending password
 * reset) and the address; one live code per purpose and asker, spent once, five tries at most.
 */
export const emailMethods: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("email_methods")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("user_id", "text", (c) =>
        c.notNull().unique().references("users.id").onDelete("cascade"),
      )
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("email_codes")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("purpose", "text", (c) => c.notNull())
      .addColumn("bound_to", "text", (c) => c.notNull())
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("code_hash", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("used_at", "bigint")
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("email_codes_purpose_bound_to")
      .on("email_codes")
      .columns(["purpose", "bound_to"])
      .unique()
      .execute();
    await db.schema
      .createIndex("email_codes_expires_at")
      .on("email_codes")
      .column("expires_at")
      .execute();
  },
};
