import type { Db } from "../open-store.ts";

/**
 * Single use (invariant 1) for values that have no row of their own (a code sent by SMS, a push
 * challenge): the first insert of `key` wins, every later one sees false. Expired claims are
 * swept by `sweepExpired`; a key is never reusable before it expires.
 */
export async function claimOnce(db: Db, key: string, expiresAt: number): Promise<boolean> {
  const result = await db
    .insertInto("single_use_claims")
    .values({ key, expires_at: expiresAt })
    .onConflict((c) => c.column("key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
