import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { PendingSignInsTable } from "../schema.ts";

export type PendingSignIn = {
  readonly id: string;
  readonly tenantId: string;
  readonly userId: string;
  /** "password": MFA done, a new password is asked for (high risk). */
  readonly stage: "mfa" | "register" | "password";
  readonly attempts: number;
  readonly expiresAt: number;
};

// Columns named one by one: the prepared query's stand-in arguments cannot be enumerated.
const insertPendingRow = preparedQuery((db, row: PendingSignInsTable) =>
  db.insertInto("pending_sign_ins").values({
    id: row.id,
    token_hash: row.token_hash,
    tenant_id: row.tenant_id,
    user_id: row.user_id,
    stage: row.stage,
    attempts: row.attempts,
    created_at: row.created_at,
    expires_at: row.expires_at,
    done_at: row.done_at,
  }),
);

export async function insertPendingSignIn(db: Db, row: PendingSignInsTable): Promise<void> {
  await insertPendingRow(db, row);
}

const selectLivePending = preparedQuery((db, args: { hash: string; now: number }) =>
  db
    .selectFrom("pending_sign_ins")
    .selectAll()
    .where("token_hash", "=", args.hash)
    .where("done_at", "is", null)
    .where("expires_at", ">", args.now),
);

/** The live pending sign-in whose token hashes to one of `hashes` (one per master key). */
export async function findLivePendingSignIn(
  db: Db,
  hashes: readonly string[],
  now: number,
): Promise<PendingSignIn | undefined> {
  for (const hash of hashes) {
    const row = (await selectLivePending(db, { hash, now })).rows[0];
    if (row) return toPendingSignIn(row);
  }
  return undefined;
}

function toPendingSignIn(row: PendingSignInsTable): PendingSignIn {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    stage: row.stage as PendingSignIn["stage"],
    attempts: row.attempts,
    expiresAt: row.expires_at,
  };
}

const incrementPendingAttempts = preparedQuery((db, args: { id: string; max: number }) =>
  db
    .updateTable("pending_sign_ins")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", args.id)
    .where("done_at", "is", null)
    .where("attempts", "<", args.max),
);

/**
 * Takes one attempt from a pending sign-in's own budget, before a code is checked: true while
 * fewer than `max` were taken, so no more than `max` codes are ever checked for it.
 */
export async function takePendingAttempt(db: Db, id: string, max: number): Promise<boolean> {
  return (await incrementPendingAttempts(db, { id, max })).changed > 0;
}

const markPendingDone = preparedQuery((db, args: { id: string; now: number }) =>
  db
    .updateTable("pending_sign_ins")
    .set({ done_at: args.now })
    .where("id", "=", args.id)
    .where("done_at", "is", null),
);

/** Ends a pending sign-in once: of two requests finishing it together, one sees true. */
export async function finishPendingSignIn(db: Db, id: string, now: number): Promise<boolean> {
  return (await markPendingDone(db, { id, now })).changed > 0;
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
