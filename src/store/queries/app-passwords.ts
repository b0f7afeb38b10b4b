import { sql } from "kysely";
import type { Db } from "../open-store.ts";
import type { AppPasswordsTable } from "../schema.ts";

/** An app password as the pages and the admin API show it: never the password, nor its hash. */
export type AppPasswordEntry = {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
};

const toEntry = (
  row: Pick<AppPasswordsTable, "id" | "name" | "created_at" | "last_used_at">,
): AppPasswordEntry => ({
  id: row.id,
  name: row.name,
  createdAt: Number(row.created_at),
  lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
});

const shown = ["id", "name", "created_at", "last_used_at"] as const;

/** Inserts an app password; throws the store's unique violation when the user has the name. */
export async function insertAppPassword(db: Db, row: AppPasswordsTable): Promise<void> {
  await db.insertInto("app_passwords").values(row).execute();
}

/** A user's app passwords, oldest first. */
export async function listAppPasswords(db: Db, userId: string): Promise<AppPasswordEntry[]> {
  const rows = await db
    .selectFrom("app_passwords")
    .select(shown)
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toEntry);
}

/** One of the user's app passwords; undefined when the user has none with this id. */
export async function findAppPassword(
  db: Db,
  userId: string,
  id: string,
): Promise<AppPasswordEntry | undefined> {
  const row = await db
    .selectFrom("app_passwords")
    .select(shown)
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toEntry(row);
}

/** Deletes one of the user's app passwords; false when the user has none with this id. */
export async function deleteAppPasswordRow(
  db: Db,
  input: { userId: string; id: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom("app_passwords")
    .where("user_id", "=", input.userId)
    .where("id", "=", input.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Deletes every app password of the user, in the caller's transaction: a new password (a reset,
 * a change of one's own, a self-service reset) ends them all, as it ends sessions. Returns how
 * many there were.
 */
export async function deleteAppPasswordsOf(tx: Db, userId: string): Promise<number> {
  const result = await tx
    .deleteFrom("app_passwords")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** What the validation of an app password reads, in one statement. */
export type AppPasswordCheck = {
  /** The API key that called is live (not revoked meanwhile, by another instance too). */
  readonly keyLive: boolean;
  /** The tenant's policy as stored now (the setting may have been turned off a moment ago). */
  readonly policyJson: string;
  readonly user:
    | { readonly id: string; readonly blocked: boolean; readonly blockedUntil: number | null }
    | undefined;
  /** The user's app password whose keyed hash is one of the candidates; undefined: none. */
  readonly appPasswordId: string | undefined;
};

/**
 * One indexed read for a validation: the tenant's policy, whether the caller's key is live, the
 * user of the UPN, and the user's app password with one of `hashes` (the presented password's
 * keyed hash under every key of the ring). An unknown UPN reads the same rows but the user's.
 */
export async function readAppPasswordCheck(
  db: Db,
  args: {
    readonly apiKeyId: string;
    readonly tenantId: string;
    readonly upnKey: string;
    readonly hashes: readonly string[];
  },
): Promise<AppPasswordCheck | undefined> {
  const row = await db
    .selectFrom("tenants as t")
    .leftJoin("users as u", (join) =>
      join.onRef("u.tenant_id", "=", "t.id").on("u.upn_key", "=", args.upnKey),
    )
    .leftJoin("app_passwords as a", (join) =>
      join.onRef("a.user_id", "=", "u.id").on("a.password_hash", "in", [...args.hashes]),
    )
    .select([
      "t.policy_json",
      "u.id as user_id",
      "u.blocked",
      "u.blocked_until",
      "a.id as app_password_id",
      sql<number>`(select count(*) from api_keys k where k.id = ${args.apiKeyId} and k.revoked_at is null)`.as(
        "key_live",
      ),
    ])
    .where("t.id", "=", args.tenantId)
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    keyLive: Number(row.key_live) > 0,
    policyJson: row.policy_json,
    user:
      row.user_id === null
        ? undefined
        : {
            id: row.user_id,
            blocked: Number(row.blocked) === 1,
            blockedUntil: row.blocked_until == null ? null : Number(row.blocked_until),
          },
    appPasswordId: row.app_password_id ?? undefined,
  };
}

/** When an app password last signed in; at most one write a minute for a busy mail client. */
export async function markAppPasswordUsed(db: Db, id: string, now: number): Promise<void> {
  await db
    .updateTable("app_passwords")
    .set({ last_used_at: now })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", now - 60_000)]))
    .execute();
}
