import { sql } from "kysely";
import type { Db } from "../open-store.ts";

// Any fixed number other than the migrations' own: the advisory lock of the first-run setup.
const setupLockId = 0x7365_7475;

/**
 * Serialises first-run setups until the transaction ends, so two run at once end with one
 * Global Administrator and a clear refusal, not a unique-index failure halfway. SQLite needs
 * nothing: its transactions hold the write lock from their start.
 */
export async function lockFirstRunSetup(db: Db, kind: "sqlite" | "postgres"): Promise<void> {
  if (kind === "postgres") await sql`select pg_advisory_xact_lock(${setupLockId})`.execute(db);
}
