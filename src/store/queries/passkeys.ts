import type { PasskeyCredential, PasskeyKind } from "../../methods/passkey/passkey-credential.ts";
import type { Db } from "../open-store.ts";
import type { PasskeyCredentialsTable } from "../schema.ts";

export function toPasskeyCredential(row: PasskeyCredentialsTable): PasskeyCredential {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    credentialId: row.credential_id,
    kind: (row.kind === "securityKey" ? "securityKey" : "passkey") satisfies PasskeyKind,
    name: row.name,
    aaguid: row.aaguid,
    deviceType: row.device_type === "multiDevice" ? "multiDevice" : "singleDevice",
    backedUp: Number(row.backed_up) === 1,
    transports: row.transports ? row.transports.split(",") : [],
    attestationFormat: row.attestation_format,
    signCount: Number(row.sign_count),
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    clonedAt: row.cloned_at === null ? null : Number(row.cloned_at),
  };
}

/** Inserts a credential; throws the store's unique violation when the tenant has its id already. */
export async function insertPasskeyCredential(db: Db, row: PasskeyCredentialsTable): Promise<void> {
  await db.insertInto("passkey_credentials").values(row).execute();
}

/** A user's passkeys and security keys, oldest first. */
export async function listPasskeyCredentials(
  db: Db,
  userId: string,
): Promise<PasskeyCredentialsTable[]> {
  return db
    .selectFrom("passkey_credentials")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function countPasskeyCredentials(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom("passkey_credentials")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function findPasskeyCredential(
  db: Db,
  userId: string,
  id: string,
): Promise<PasskeyCredentialsTable | undefined> {
  return db
    .selectFrom("passkey_credentials")
    .selectAll()
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The credential an authenticator names, in the tenant (ids are unique per tenant). */
export async function findPasskeyByCredentialId(
  db: Db,
  tenantId: string,
  credentialId: string,
): Promise<PasskeyCredentialsTable | undefined> {
  return db
    .selectFrom("passkey_credentials")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("credential_id", "=", credentialId)
    .executeTakeFirst();
}

/** Renames a credential of the user; false when the user has none with this id. */
export async function renamePasskeyCredential(
  db: Db,
  input: { userId: string; id: string; name: string },
): Promise<boolean> {
  const result = await db
    .updateTable("passkey_credentials")
    .set({ name: input.name })
    .where("user_id", "=", input.userId)
    .where("id", "=", input.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a credential of the user; false when the user has none with this id. */
export async function deletePasskeyCredential(
  db: Db,
  input: { userId: string; id: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom("passkey_credentials")
    .where("user_id", "=", input.userId)
    .where("id", "=", input.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Records a signature: the new counter and when. Conditional on the counter read before the
 * check (`previousCount`), so of two assertions checked against one counter value only one is
 * recorded (an authenticator's counter moves forward once per signature).
 */
export async function recordPasskeyUse(
  db: Db,
  input: { id: string; previousCount: number; newCount: number; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable("passkey_credentials")
    .set({ sign_count: input.newCount, last_used_at: input.now })
    .where("id", "=", input.id)
    .where("sign_count", "=", input.previousCount)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks a credential as possibly cloned (its counter went backwards), the first time only. */
export async function flagPasskeyCloned(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("passkey_credentials")
    .set({ cloned_at: now })
    .where("id", "=", id)
    .where("cloned_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
