import type { Db } from "../store/open-store.ts";

/**
 * The user's hardware tokens (all, or the one that is method `methodId`) go back to the
 * inventory, free for another user, an HOTP token keeping its counter. Called before the
 * methods are deleted, in the same transaction.
 */
export async function releaseTokens(tx: Db, userId: string, methodId?: string): Promise<void> {
  let held = tx
    .selectFrom("auth_methods")
    .select(["id", "last_step", "oath_type"])
    .where("user_id", "=", userId)
    .where("kind", "=", "hardwareOath");
  if (methodId !== undefined) held = held.where("id", "=", methodId);
  for (const method of await held.execute()) {
    const counter =
      method.oath_type === "hotp" && method.last_step !== null
        ? { counter: Number(method.last_step) + 1 }
        : {};
    await tx
      .updateTable("hardware_tokens")
      .set({ user_id: null, assigned_at: null, ...counter })
      .where("id", "=", method.id)
      .execute();
  }
}
