import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { SessionsTable } from "../schema.ts";

export type Session = {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly mfa: string;
  readonly firstFactor: string | null;
  /** When a second factor was last proven for this session; null when MFA was skipped. */
  readonly secondFactorAt: number | null;
  /** The kind of that second factor (softwareOath, sms, passkey, securityKey…); null: none known. */
  readonly secondFactorKind: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly authenticatedAt: number;
  readonly expiresAt: number;
};

// Columns named one by one: the prepared query's stand-in arguments cannot be enumerated.
const insertSessionRow = preparedQuery((db, row: SessionsTable) =>
  db.insertInto("sessions").values({
    id: row.id,
    token_hash: row.token_hash,
    tenant_id: row.tenant_id,
    user_id: row.user_id,
    mfa: row.mfa,
    first_factor: row.first_factor,
    second_factor_at: row.second_factor_at,
    second_factor_kind: row.second_factor_kind ?? null,
    ip: row.ip,
    user_agent: row.user_agent,
    created_at: row.created_at,
    last_seen_at: row.last_seen_at,
    authenticated_at: row.authenticated_at,
    expires_at: row.expires_at,
    revoked_at: row.revoked_at,
  }),
);

export async function insertSession(db: Db, row: SessionsTable): Promise<void> {
  await insertSessionRow(db, row);
}

const selectLiveSession = preparedQuery((db, args: { hash: string; now: number }) =>
  db
    .selectFrom("sessions")
    .selectAll()
    .where("token_hash", "=", args.hash)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", args.now),
);

/** The live session whose token hashes to one of `hashes` (one per master key). */
export async function findLiveSessionByHash(
  db: Db,
  hashes: readonly string[],
  now: number,
): Promise<Session | undefined> {
  for (const hash of hashes) {
    const row = (await selectLiveSession(db, { hash, now })).rows[0];
    if (row) return toSession(row);
  }
  return undefined;
}

export async function listLiveSessions(db: Db, userId: string, now: number): Promise<Session[]> {
  const rows = await db
    .selectFrom("sessions")
    .selectAll()
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toSession);
}

const updateLastSeen = preparedQuery((db, args: { id: string; now: number }) =>
  db.updateTable("sessions").set({ last_seen_at: args.now }).where("id", "=", args.id),
);

export async function touchSession(db: Db, id: string, now: number): Promise<void> {
  await updateLastSeen(db, { id, now });
}

/** The user typed the password again in this session. */
export async function markReauthenticated(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable("sessions").set({ authenticated_at: now }).where("id", "=", id).execute();
}

/** The user proved a second factor again in this session, of `kind` (softwareOath, passkey…). */
export async function markSecondFactorProven(
  db: Db,
  id: string,
  now: number,
  kind: string | null,
): Promise<void> {
  await db
    .updateTable("sessions")
    .set({ second_factor_at: now, second_factor_kind: kind })
    .where("id", "=", id)
    .execute();
}

/** Revokes every live session of a user but `keepId` (the one in use); returns how many. */
export async function revokeOtherSessions(
  db: Db,
  userId: string,
  now: number,
  keepId: string,
): Promise<number> {
  const result = await db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("id", "!=", keepId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Revokes one session of a user (or all of them without `id`); returns how many. */
export async function revokeSessions(
  db: Db,
  userId: string,
  now: number,
  id?: string,
): Promise<number> {
  let query = db
    .updateTable("sessions")
    .set({ revoked_at: now })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null);
  if (id !== undefined) query = query.where("id", "=", id);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function toSession(row: SessionsTable): Session {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    mfa: row.mfa,
    firstFactor: row.first_factor,
    secondFactorAt: row.second_factor_at === null ? null : Number(row.second_factor_at),
    secondFactorKind: row.second_factor_kind ?? null,
    ip: row.ip,
    userAgent: row.user_agent,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    authenticatedAt: row.authenticated_at,
    expiresAt: row.expires_at,
  };
}
