import type { Db } from "../open-store.ts";

/**
 * Atomic counter with a fixed window (invariant 2): one upsert increments the count, or restarts
 * it at 1 when the window has passed, and returns the new value and when it expires. Never read-then-write.
 */
export async function incrementCounter(
  db: Db,
  key: string,
  windowMs: number,
  now: number,
): Promise<{ value: number; expiresAt: number }> {
  const row = await db
    .insertInto("counters")
    .values({ key, value: 1, expires_at: now + windowMs })
    .onConflict((c) =>
      c.column("key").doUpdateSet((eb) => ({
        value: eb
          .case()
          .when("counters.expires_at", "<=", now)
          .then(1)
          .else(eb("counters.value", "+", 1))
          .end(),
        expires_at: eb
          .case()
          .when("counters.expires_at", "<=", now)
          .then(now + windowMs)
          .else(eb.ref("counters.expires_at"))
          .end(),
      })),
    )
    .returning(["value", "expires_at"])
    .executeTakeFirstOrThrow();
  return { value: Number(row.value), expiresAt: Number(row.expires_at) };
}

export async function readCounter(db: Db, key: string, now: number): Promise<number> {
  return (await readCounterWithExpiry(db, key, now))?.value ?? 0;
}

export async function readCounterWithExpiry(
  db: Db,
  key: string,
  now: number,
): Promise<{ value: number; expiresAt: number } | undefined> {
  const row = await db
    .selectFrom("counters")
    .select(["value", "expires_at"])
    .where("key", "=", key)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row && { value: Number(row.value), expiresAt: Number(row.expires_at) };
}

/** Moves a live counter's expiry (e.g. to the end of a lockout). */
export async function setCounterExpiry(db: Db, key: string, expiresAt: number): Promise<void> {
  await db.updateTable("counters").set({ expires_at: expiresAt }).where("key", "=", key).execute();
}

export async function resetCounter(db: Db, key: string): Promise<void> {
  await db.deleteFrom("counters").where("key", "=", key).execute();
}
