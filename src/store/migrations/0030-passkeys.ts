import type { Kysely } from "kysely";
import type { Migration } from "kysely/migration";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema type
type Db = Kysely<any>;

/**
 * Passkeys and security keys (WebAuthn): each credential's id (unique per tenant), its COSE public
 * key, signature counter and authenticator model (AAGUID); the challenges Varco issued, only as
 * keyed hashes, each bound to what asked for it and used once; how a session's second factor was
 * proven (a passkey is phishing-resistant); and a method configuration's own settings (Fido2's
 * attestation, key restrictions, user verification).
 */
export const passkeys: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable("passkey_credentials")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("credential_id", "text", (c) => c.notNull())
      .addColumn("public_key", "text", (c) => c.notNull())
      .addColumn("sign_count", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("aaguid", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("device_type", "text", (c) => c.notNull())
      .addColumn("backed_up", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("transports", "text")
      .addColumn("attestation_format", "text", (c) => c.notNull())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("created_at", "bigint", (c) => c.notNull())
      .addColumn("last_used_at", "bigint")
      .addColumn("cloned_at", "bigint")
      .execute();
    await db.schema
      .createIndex("passkey_credentials_tenant_credential")
      .on("passkey_credentials")
      .columns(["tenant_id", "credential_id"])
      .unique()
      .execute();
    await db.schema
      .createIndex("passkey_credentials_user")
      .on("passkey_credentials")
      .column("user_id")
      .execute();
    await db.schema
      .createTable("webauthn_challenges")
      .addColumn("hash", "text", (c) => c.primaryKey())
      .addColumn("tenant_id", "text", (c) =>
        c.notNull().references("tenants.id").onDelete("cascade"),
      )
      .addColumn("purpose", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("user_id", "text")
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addColumn("used_at", "bigint")
      .execute();
    await db.schema
      .createIndex("webauthn_challenges_expires")
      .on("webauthn_challenges")
      .column("expires_at")
      .execute();
    await db.schema.alterTable("sessions").addColumn("second_factor_kind", "text").execute();
    await db.schema
      .alterTable("authentication_method_configurations")
      .addColumn("settings_json", "text")
      .execute();
  },
};
