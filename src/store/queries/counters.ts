import type { Db } from "../open-store.ts";

/**
 * Atomic counter with a fixed window (invariant 2): one upsert increments the count, or restarts
 * it at 1 when the window has passed, and returns the new value. Never read-then-write.
 */
export async function incrementCounter(
  db: Db,
  key: string,
  windowMs: number,
  now: number,
): Promise<number> {
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
    .returning("value")
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function readCounter(db: Db, key: string, now: number): Promise<number> {
  const row = await db
    .selectFrom("counters")
    .select("value")
    .where("key", "=", key)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return row ? Number(row.value) : 0;
}

export async function resetCounter(db: Db, key: string): Promise<void> {
  await db.deleteFrom("counters").where("key", "=", key).execute();
}
