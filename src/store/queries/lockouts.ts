import { sql } from "kysely";
import type { Db } from "../open-store.ts";

/** The second-factor failure counter's key for a user (see second-factor-lockout.ts). */
export const secondFactorCounterKey = (userId: string) => `mfa-failures:${userId}`;

/** Users of a tenant whose live failure count has reached `threshold`, longest locked first. */
export async function listLockedOutUsers(
  db: Db,
  tenantId: string,
  threshold: number,
  now: number,
): Promise<{ userId: string; upn: string; failures: number; lockedUntil: number }[]> {
  const rows = await db
    .selectFrom("counters as c")
    .innerJoin("users as u", (join) =>
      join.on(sql`c.key`, "=", sql`'mfa-failures:' || u.id`).on("u.tenant_id", "=", tenantId),
    )
    .select(["u.id", "u.upn", "c.value", "c.expires_at"])
    .where("c.key", "like", "mfa-failures:%")
    .where("c.value", ">=", threshold)
    .where("c.expires_at", ">", now)
    .orderBy("c.expires_at")
    .execute();
  return rows.map((row) => ({
    userId: row.id,
    upn: row.upn,
    failures: Number(row.value),
    lockedUntil: Number(row.expires_at),
  }));
}

export async function clearMethodFailures(db: Db, userId: string): Promise<void> {
  await db
    .updateTable("auth_methods")
    .set({ failed_attempts: 0 })
    .where("user_id", "=", userId)
    .execute();
}
