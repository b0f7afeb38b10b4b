import type { Db } from "../open-store.ts";
import type { PendingSignInsTable } from "../schema.ts";

export type PendingSignIn = {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  readonly stage: "mfa" | "register";
  readonly attempts: number;
  readonly expiresAt: number;
};

export async function insertPendingSignIn(db: Db, row: PendingSignInsTable): Promise<void> {
  await db.insertInto("pending_sign_ins").values(row).execute();
}

/** The live pending sign-in whose token hashes to one of `hashes`. */
export async function findLivePendingSignIn(
  db: Db,
  hashes: readonly string[],
  now: number,
): Promise<PendingSignIn | undefined> {
  const row = await db
    .selectFrom("pending_sign_ins")
    .selectAll()
    .where("token_hash", "in", hashes)
    .where("done_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      tenantId: row.tenant_id,
      userId: row.user_id,
      stage: row.stage as PendingSignIn["stage"],
      attempts: row.attempts,
      expiresAt: row.expires_at,
    }
  );
}

/**
 * Takes one attempt from a pending sign-in's own budget, before a code is checked: true while
 * fewer than `max` were taken, so no more than `max` codes are ever checked for it.
 */
export async function takePendingAttempt(db: Db, id: string, max: number): Promise<boolean> {
  const result = await db
    .updateTable("pending_sign_ins")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", id)
    .where("done_at", "is", null)
    .where("attempts", "<", max)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends a pending sign-in once: of two requests finishing it together, one sees true. */
export async function finishPendingSignIn(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("pending_sign_ins")
    .set({ done_at: now })
    .where("id", "=", id)
    .where("done_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setPendingStage(
  db: Db,
  id: string,
  stage: PendingSignIn["stage"],
): Promise<void> {
  await db
    .updateTable("pending_sign_ins")
    .set({ stage, attempts: 0 })
    .where("id", "=", id)
    .execute();
}
