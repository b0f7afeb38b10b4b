import { type Kysely, PostgresAdapter } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * A tenant's custom voice greetings (Entra's "Phone call settings", "Custom greetings"): one
 * checked WAV or MP3 per language and kind, kept as bytes (`bytea` in PostgreSQL, `blob` in
 * SQLite) with what the check found: its type, length in milliseconds and size.
 */
export const voiceGreetings: Migration = {
  async up(db: Db) {
    const bytes = db.getExecutor().adapter instanceof PostgresAdapter ? "bytea" : "blob";
    await db.schema
      .createTable("voice_greetings")
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("language", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("content_type", "text", (c) => c.notNull())
      .addColumn("audio", bytes, (c) => c.notNull())
      .addColumn("duration_ms", "integer", (c) => c.notNull())
      .addColumn("size", "integer", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("voice_greetings_pk", ["tenant_id", "language", "kind"])
      .execute();
  },
};
