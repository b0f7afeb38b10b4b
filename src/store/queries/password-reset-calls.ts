import type { Db } from "../open-store.ts";

/**
 * Spends an approved call placed for a password reset of this user (invariant 1): true for the
 * one request that spends it, written with the proof it allows.
 */
export async function useApprovedResetCall(
  db: Db,
  input: { id: string; userId: string; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable("phone_messages")
    .set({ status: "used", updated_at: input.now })
    .where("id", "=", input.id)
    .where("user_id", "=", input.userId)
    .where("purpose", "=", "passwordReset")
    .where("channel", "=", "voice")
    .where("status", "=", "approved")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
