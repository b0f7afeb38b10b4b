import { sql } from "kysely";
import type { Db } from "./open-store.ts";

/**
 * The tables whose rows stop mattering at `expires_at`, with their key: nothing reads a row after
 * that (a counter past its window starts again at 1, a claim past its expiry guards a value no
 * longer accepted, an expired session or device token signs nobody in). Temporary Access Passes
 * are not here: an administrator still sees an expired one on the user's page until removing it.
 */
const expiringTables = {
  counters: "key",
  single_use_claims: "key",
  pending_sign_ins: "id",
  sessions: "id",
  remembered_devices: "id",
  webauthn_challenges: "hash",
  password_resets: "id",
  email_codes: "id",
} as const;

export type ExpiringTable = keyof typeof expiringTables;

// Rows deleted per statement: a large backlog goes in steps, each short enough not to hold up
// the requests served in between.
const batchSize = 2000;

/**
 * Deletes the rows whose time is past. Without this every UPN ever tried (a password spray tries
 * thousands) would leave its throttle counter behind, and every ended sign-in and session its
 * row. Safe to run on several instances at once. Returns how many rows went from each table.
 */
export async function sweepExpired(db: Db, now: number): Promise<Record<ExpiringTable, number>> {
  const removed: Record<string, number> = {};
  for (const [table, key] of Object.entries(expiringTables)) {
    let total = 0;
    for (;;) {
      const result = await sql`
        delete from ${sql.table(table)} where ${sql.ref(key)} in (
          select ${sql.ref(key)} from ${sql.table(table)}
          where expires_at <= ${now} limit ${batchSize})`.execute(db);
      const count = Number(result.numAffectedRows ?? 0);
      total += count;
      if (count < batchSize) break;
    }
    removed[table] = total;
  }
  return removed as Record<ExpiringTable, number>;
}
