import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { WriteBatch } from "../write-batch.ts";

// `expiresAt` is `now + windowMs`, computed by the caller: the builder only sees stand-ins.
const upsertCounter = preparedQuery((db, args: { key: string; now: number; expiresAt: number }) =>
  db
    .insertInto("counters")
    .values({ key: args.key, value: 1, expires_at: args.expiresAt })
    .onConflict((c) =>
      c.column("key").doUpdateSet((eb) => ({
        value: eb
          .case()
          .when("counters.expires_at", "<=", args.now)
          .then(1)
          .else(eb("counters.value", "+", 1))
          .end(),
        expires_at: eb
          .case()
          .when("counters.expires_at", "<=", args.now)
          .then(args.expiresAt)
          .else(eb.ref("counters.expires_at"))
          .end(),
      })),
    )
    .returning(["value", "expires_at"]),
);

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
  const { rows } = await upsertCounter(db, { key, now, expiresAt: now + windowMs });
  const row = rows[0];
  if (!row) throw new Error("counter upsert returned no row");
  return { value: Number(row.value), expiresAt: Number(row.expires_at) };
}

export async function readCounter(db: Db, key: string, now: number): Promise<number> {
  return (await readCounterWithExpiry(db, key, now))?.value ?? 0;
}

const selectLiveCounter = preparedQuery((db, args: { key: string; now: number }) =>
  db
    .selectFrom("counters")
    .select(["value", "expires_at"])
    .where("key", "=", args.key)
    .where("expires_at", ">", args.now),
);

export async function readCounterWithExpiry(
  db: Db,
  key: string,
  now: number,
): Promise<{ value: number; expiresAt: number } | undefined> {
  const row = (await selectLiveCounter(db, { key, now })).rows[0];
  return row && { value: Number(row.value), expiresAt: Number(row.expires_at) };
}

const updateCounterExpiry = preparedQuery((db, args: { key: string; expiresAt: number }) =>
  db.updateTable("counters").set({ expires_at: args.expiresAt }).where("key", "=", args.key),
);

/** Moves a live counter's expiry (e.g. to the end of a lockout); with `later`, at its end. */
export async function setCounterExpiry(
  db: Db,
  key: string,
  expiresAt: number,
  later?: WriteBatch,
): Promise<void> {
  if (later) later.add(updateCounterExpiry, { key, expiresAt });
  else await updateCounterExpiry(db, { key, expiresAt });
}

const decrementLiveCounter = preparedQuery((db, args: { key: string; now: number }) =>
  db
    .updateTable("counters")
    .set((eb) => ({ value: eb("value", "-", 1) }))
    .where("key", "=", args.key)
    .where("expires_at", ">", args.now)
    .where("value", ">", 0),
);

/** Gives one back to a live counter (never below 0): an attempt that turned out not to count. */
export async function decrementCounter(
  db: Db,
  key: string,
  now: number,
  later?: WriteBatch,
): Promise<void> {
  if (later) later.add(decrementLiveCounter, { key, now });
  else await decrementLiveCounter(db, { key, now });
}

const rewriteLiveCounter = preparedQuery((db, args: { key: string }) =>
  db
    .updateTable("counters")
    .set((eb) => ({ value: eb.ref("value") }))
    .where("key", "=", args.key)
    .returning("value"),
);

/**
 * Writes a counter's row back as it is: the cost of a one-row update that returns a count
 * (a write the database commits and logs), and nothing changed.
 */
export async function rewriteCounter(db: Db, key: string, later?: WriteBatch): Promise<void> {
  if (later) later.add(rewriteLiveCounter, { key });
  else await rewriteLiveCounter(db, { key });
}

const deleteCounter = preparedQuery((db, args: { key: string }) =>
  db.deleteFrom("counters").where("key", "=", args.key),
);

export async function resetCounter(db: Db, key: string, later?: WriteBatch): Promise<void> {
  if (later) later.add(deleteCounter, { key });
  else await deleteCounter(db, { key });
}
