import type { Db } from "../open-store.ts";
import type { PasswordResetsTable } from "../schema.ts";

export async function insertPasswordReset(db: Db, row: PasswordResetsTable): Promise<void> {
  await db.insertInto("password_resets").values(row).execute();
}

/** The live reset one of these token hashes names: not expired, not completed. */
export async function findLivePasswordReset(
  db: Db,
  hashes: readonly string[],
  now: number,
): Promise<PasswordResetsTable | undefined> {
  if (hashes.length === 0) return undefined;
  return db
    .selectFrom("password_resets")
    .selectAll()
    .where("token_hash", "in", hashes)
    .where("expires_at", ">", now)
    .where("completed_at", "is", null)
    .executeTakeFirst();
}

/** Takes one attempt of the reset's budget before an answer is checked: false when none is left. */
export async function takeResetAttempt(
  db: Db,
  input: { id: string; max: number; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable("password_resets")
    .set((eb) => ({ failures: eb("failures", "+", 1) }))
    .where("id", "=", input.id)
    .where("failures", "<", input.max)
    .where("expires_at", ">", input.now)
    .where("completed_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A right answer gives its attempt back. */
export async function giveBackResetAttempt(db: Db, id: string): Promise<void> {
  await db
    .updateTable("password_resets")
    .set((eb) => ({ failures: eb("failures", "-", 1) }))
    .where("id", "=", id)
    .where("failures", ">", 0)
    .execute();
}

export async function setResetCode(db: Db, id: string, codeJson: string | null): Promise<void> {
  await db
    .updateTable("password_resets")
    .set({ code_json: codeJson })
    .where("id", "=", id)
    .execute();
}

export async function setResetQuestions(db: Db, id: string, questionsJson: string): Promise<void> {
  await db
    .updateTable("password_resets")
    .set({ questions_json: questionsJson })
    .where("id", "=", id)
    .execute();
}

/**
 * Records a proven method, only if the reset still stands as it was read (`provenJson` and
 * `codeJson` unchanged): the code is spent with it, so two copies of one code prove once
 * (invariant 1).
 */
export async function recordResetProof(
  db: Db,
  input: { id: string; was: { provenJson: string; codeJson: string | null }; provenJson: string },
): Promise<boolean> {
  let query = db
    .updateTable("password_resets")
    .set({ proven_json: input.provenJson, code_json: null, questions_json: null })
    .where("id", "=", input.id)
    .where("proven_json", "=", input.was.provenJson)
    .where("completed_at", "is", null);
  query =
    input.was.codeJson === null
      ? query.where("code_json", "is", null)
      : query.where("code_json", "=", input.was.codeJson);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends the reset with the new password: true for the one request that does. */
export async function completePasswordReset(
  db: Db,
  input: { id: string; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable("password_resets")
    .set({ completed_at: input.now })
    .where("id", "=", input.id)
    .where("completed_at", "is", null)
    .where("expires_at", ">", input.now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends every other reset of the user (the password changed: what they proved is spent). */
export async function endPasswordResets(db: Db, userId: string, now: number): Promise<number> {
  const result = await db
    .updateTable("password_resets")
    .set({ expires_at: now })
    .where("user_id", "=", userId)
    .where("completed_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
