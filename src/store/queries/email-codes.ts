import type { Db } from "../open-store.ts";
import type { EmailCodesTable } from "../schema.ts";

/**
 * Stores a code just sent for (purpose, bound_to), replacing the one sent before for the same
 * asker: only the newest code is live, with its own tries.
 */
export async function putEmailCode(db: Db, row: EmailCodesTable): Promise<void> {
  await db
    .insertInto("email_codes")
    .values(row)
    .onConflict((c) =>
      c.columns(["purpose", "bound_to"]).doUpdateSet({
        id: row.id,
        tenant_id: row.tenant_id,
        user_id: row.user_id,
        address: row.address,
        code_hash: row.code_hash,
        attempts: 0,
        expires_at: row.expires_at,
        used_at: null,
        created_at: row.created_at,
      }),
    )
    .execute();
}

/** The live code of (purpose, bound_to): not spent, not expired, tries left; else undefined. */
export async function findLiveEmailCode(
  db: Db,
  input: { purpose: string; boundTo: string; now: number; maxAttempts: number },
): Promise<EmailCodesTable | undefined> {
  return db
    .selectFrom("email_codes")
    .selectAll()
    .where("purpose", "=", input.purpose)
    .where("bound_to", "=", input.boundTo)
    .where("used_at", "is", null)
    .where("expires_at", ">", input.now)
    .where("attempts", "<", input.maxAttempts)
    .executeTakeFirst();
}

/**
 * Counts one try against the live code of (purpose, bound_to) and reads it, in one statement
 * (invariant 2: the count comes before the comparison): undefined when there is none, it is
 * spent or expired, or its tries are used up.
 */
export async function takeEmailCodeAttempt(
  db: Db,
  input: { purpose: string; boundTo: string; now: number; maxAttempts: number },
): Promise<Pick<EmailCodesTable, "id" | "user_id" | "address" | "code_hash"> | undefined> {
  return db
    .updateTable("email_codes")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("purpose", "=", input.purpose)
    .where("bound_to", "=", input.boundTo)
    .where("used_at", "is", null)
    .where("expires_at", ">", input.now)
    .where("attempts", "<", input.maxAttempts)
    .returning(["id", "user_id", "address", "code_hash"])
    .executeTakeFirst();
}

/** Spends the code (invariant 1): true for the one request whose update changed it. */
export async function spendEmailCode(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("email_codes")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
