import type { Context } from "../context.ts";
import type { Db } from "./open-store.ts";

/**
 * Runs `work` with a context whose every `store.transaction` is one and the same transaction,
 * so several operations that each write their change and its audit entry land together or not
 * at all. Check what could refuse before writing: on PostgreSQL a failed statement ends the
 * transaction, and only a race should reach the unique indexes.
 */
export function inOneTransaction<T>(
  ctx: Context,
  work: (scoped: Context) => Promise<T>,
): Promise<T> {
  return ctx.store.transaction((tx: Db) =>
    work({
      ...ctx,
      store: { ...ctx.store, db: tx, transaction: (inner) => inner(tx) },
    }),
  );
}
