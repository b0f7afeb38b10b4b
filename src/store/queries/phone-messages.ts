import type { Db } from "../open-store.ts";
import type { PhoneMessagesTable } from "../schema.ts";

export async function insertPhoneMessage(db: Db, row: PhoneMessagesTable): Promise<void> {
  await db.insertInto("phone_messages").values(row).execute();
}

/**
 * What the gateway answered when the message was handed to it; only while the message is still
 * being sent, so that a challenge spent meanwhile (`used`) is never opened again.
 */
export async function setPhoneMessageSent(
  db: Db,
  input: {
    id: string;
    status: "sent" | "failed" | "calling";
    via: string | null;
    gatewayMessageId: string | null;
    detail: string | null;
    now: number;
  },
): Promise<void> {
  await db
    .updateTable("phone_messages")
    .set({
      status: input.status,
      via: input.via,
      gateway_message_id: input.gatewayMessageId,
      detail: input.detail,
      updated_at: input.now,
    })
    .where("id", "=", input.id)
    .where("status", "=", "sending")
    .execute();
}

/**
 * A delivery report for the message the gateway knows by `gatewayMessageId`: recorded once (a
 * report repeated by the gateway changes nothing). Returns the message when this report changed it.
 */
export async function recordPhoneDelivery(
  db: Db,
  input: {
    gatewayMessageId: string;
    status: "delivered" | "undelivered";
    detail: string;
    now: number;
  },
): Promise<
  Pick<PhoneMessagesTable, "id" | "tenant_id" | "user_id" | "recipient_masked"> | undefined
> {
  const row = await db
    .updateTable("phone_messages")
    .set({ status: input.status, detail: input.detail, updated_at: input.now })
    .where("gateway_message_id", "=", input.gatewayMessageId)
    .where("channel", "=", "sms")
    .where("status", "in", ["sending", "sent"])
    .returning(["id", "tenant_id", "user_id", "recipient_masked"])
    .executeTakeFirst();
  return row;
}

/**
 * Counts one try against a validate challenge and reads it, in one statement: the challenge of
 * this user by its id, still open, not expired, and with tries left. Undefined otherwise.
 */
export async function takeChallengeAttempt(
  db: Db,
  input: { id: string; userId: string; now: number; maxAttempts: number },
): Promise<{ codeHash: string } | undefined> {
  const row = await db
    .updateTable("phone_messages")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", input.id)
    .where("user_id", "=", input.userId)
    .where("purpose", "=", "validate")
    .where("code_hash", "is not", null)
    .where("status", "in", ["sending", "sent", "delivered", "undelivered"])
    .where("expires_at", ">", input.now)
    .where("attempts", "<", input.maxAttempts)
    .returning("code_hash")
    .executeTakeFirst();
  return row?.code_hash ? { codeHash: row.code_hash } : undefined;
}

/** Spends a validate challenge (invariant 1): true for the one request that spends it. */
export async function claimChallenge(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("phone_messages")
    .set({ status: "used", updated_at: now })
    .where("id", "=", id)
    .where("status", "!=", "used")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** One message or call by its id. */
export async function findPhoneMessage(
  db: Db,
  id: string,
): Promise<PhoneMessagesTable | undefined> {
  return db.selectFrom("phone_messages").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * What the called person did (`approved`, `denied`, `fraud`), recorded once: only a call still
 * ringing or waiting for keys changes, so a provider's callback sent twice counts once.
 */
export async function setCallOutcome(
  db: Db,
  input: { id: string; outcome: "approved" | "denied" | "fraud"; detail: string; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable("phone_messages")
    .set({ status: input.outcome, detail: input.detail, updated_at: input.now })
    .where("id", "=", input.id)
    .where("channel", "=", "voice")
    .where("status", "in", ["sending", "calling"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Spends an approved call for the sign-in it was placed for (invariant 1): true for the one
 * request that spends it, written with the step it allows.
 */
export async function useApprovedCall(
  db: Db,
  input: { id: string; pendingSignInId: string; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable("phone_messages")
    .set({ status: "used", updated_at: input.now })
    .where("id", "=", input.id)
    .where("pending_sign_in_id", "=", input.pendingSignInId)
    .where("status", "=", "approved")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Spends an approved call placed for this user, for a validate challenge or a password reset,
 * at most once even on two instances at the same moment: true for the one request that spends it.
 */
export async function useApprovedUserCall(
  db: Db,
  input: { id: string; userId: string; purpose: "validate" | "passwordReset"; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable("phone_messages")
    .set({ status: "used", updated_at: input.now })
    .where("id", "=", input.id)
    .where("user_id", "=", input.userId)
    .where("purpose", "=", input.purpose)
    .where("channel", "=", "voice")
    .where("status", "=", "approved")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
