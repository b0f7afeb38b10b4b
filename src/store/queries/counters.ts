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

// Two counters of one window in one statement (their keys in a fixed order, so that on PostgreSQL
// two such statements lock the rows alike and never wait for each other in a cycle).
const upsertTwoCounters = preparedQuery(
  (db, args: { first: string; second: string; now: number; expiresAt: number }) =>
    db
      .insertInto("counters")
      .values([
        { key: args.first, value: 1, expires_at: args.expiresAt },
        { key: args.second, value: 1, expires_at: args.expiresAt },
      ])
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
            .then(eb.ref("excluded.expires_at"))
            .else(eb.ref("counters.expires_at"))
            .end(),
        })),
      )
      .returning(["key", "value", "expires_at"]),
);

/**
 * incrementCounter on each of `keys` (with the same window): two keys in one statement, each
 * count as atomic as on its own. Returns the new value and expiry of each key, in order.
 */
export async function incrementCounters(
  db: Db,
  keys: readonly string[],
  windowMs: number,
  now: number,
): Promise<{ value: number; expiresAt: number }[]> {
  const [a, b] = keys;
  if (keys.length !== 2 || a === undefined || b === undefined || a === b) {
    const counted: { value: number; expiresAt: number }[] = [];
    for (const key of keys) counted.push(await incrementCounter(db, key, windowMs, now));
    return counted;
  }
  const [first, second] = a < b ? [a, b] : [b, a];
  const { rows } = await upsertTwoCounters(db, { first, second, now, expiresAt: now + windowMs });
  return keys.map((key) => {
    const row = rows.find((r) => r.key === key);
    if (!row) throw new Error("counter upsert returned no row");
    return { value: Number(row.value), expiresAt: Number(row.expires_at) };
  });
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

// The first counter ends now (as if deleted: a read finds none, the next count starts a fresh
// window), the second, while live, gives one back; one statement for both.
const endAndDecrement = preparedQuery(
  (db, args: { ended: string; decremented: string; now: number }) =>
    db
      .updateTable("counters")
      .set((eb) => ({
        value: eb
          .case()
          .when("key", "=", args.ended)
          .then(0)
          .else(eb("value", "-", 1))
          .end(),
        expires_at: eb
          .case()
          .when("key", "=", args.ended)
          .then(args.now)
          .else(eb.ref("expires_at"))
          .end(),
      }))
      .where("expires_at", ">", args.now)
      .where((eb) =>
        eb.or([
          eb("key", "=", args.ended),
          eb.and([eb("key", "=", args.decremented), eb("value", ">", 0)]),
        ]),
      ),
);

/**
 * resetCounter on `ended` and decrementCounter on `decremented`, in one statement. The reset
 * expires the row at `now` instead of deleting it, which every reader and incrementCounter treat
 * alike (sweep-expired.ts removes it later).
 */
export async function resetAndDecrementCounters(
  db: Db,
  ended: string,
  decremented: string,
  now: number,
): Promise<void> {
  await endAndDecrement(db, { ended, decremented, now });
}

const deleteCounter = preparedQuery((db, args: { key: string }) =>
  db.deleteFrom("counters").where("key", "=", args.key),
);

export async function resetCounter(db: Db, key: string, later?: WriteBatch): Promise<void> {
  if (later) later.add(deleteCounter, { key });
  else await deleteCounter(db, { key });
}

/**
 * incrementCounter on several keys at once, each with its own window end, in one statement (the
 * keys sorted, as incrementCounters does, so two such statements never wait on each other in a
 * cycle). Returns the new value of each key, in the order given. Not prepared: the number of keys
 * varies, and this runs once per message sent, not per validate call.
 */
export async function incrementCounterSet(
  db: Db,
  entries: readonly { readonly key: string; readonly expiresAt: number }[],
  now: number,
): Promise<number[]> {
  const sorted = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows = await db
    .insertInto("counters")
    .values(sorted.map((e) => ({ key: e.key, value: 1, expires_at: e.expiresAt })))
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
          .then(eb.ref("excluded.expires_at"))
          .else(eb.ref("counters.expires_at"))
          .end(),
      })),
    )
    .returning(["key", "value"])
    .execute();
  return entries.map((entry) => {
    const row = rows.find((r) => r.key === entry.key);
    if (!row) throw new Error("counter upsert returned no row");
    return Number(row.value);
  });
}
