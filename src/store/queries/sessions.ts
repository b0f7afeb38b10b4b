import type { Db } from "../open-store.ts";
import type { SessionsTable } from "../schema.ts";

export type Session = {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly mfa: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly authenticatedAt: number;
  readonly expiresAt: number;
};

export async function insertSession(db: Db, row: SessionsTable): Promise<void> {
  await db.insertInto("sessions").values(row).execute();
}

export async function findLiveSessionByHash(
  db: Db,
  hashes: readonly string[],
  now: number,
): Promise<Session | undefined> {
  const row = await db
    .selectFrom("sessions")
    .selectAll()
    .where("token_hash", "in", hashes)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row && toSession(row);
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

export async function touchSession(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", id).execute();
}

export async function markReauthenticated(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable("sessions").set({ authenticated_at: now }).where("id", "=", id).execute();
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
    ip: row.ip,
    userAgent: row.user_agent,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    authenticatedAt: row.authenticated_at,
    expiresAt: row.expires_at,
  };
}
