import type { CustomSecurityQuestion } from "../../methods/security-questions/custom-question.ts";
import { customQuestionKey } from "../../methods/security-questions/custom-question.ts";
import type { Db } from "../open-store.ts";
import type { SecurityQuestionCustomTable } from "../schema.ts";

function toCustomQuestion(row: SecurityQuestionCustomTable): CustomSecurityQuestion {
  return {
    id: row.id,
    key: customQuestionKey(row.id),
    text: row.text,
    createdAt: Number(row.created_at),
  };
}

/** A tenant's own security questions, oldest first. */
export async function listCustomSecurityQuestions(
  db: Db,
  tenantId: string,
): Promise<CustomSecurityQuestion[]> {
  const rows = await db
    .selectFrom("security_question_custom")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toCustomQuestion);
}

export async function findCustomSecurityQuestion(
  db: Db,
  tenantId: string,
  id: string,
): Promise<CustomSecurityQuestion | undefined> {
  const row = await db
    .selectFrom("security_question_custom")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toCustomQuestion(row) : undefined;
}

export async function insertCustomSecurityQuestion(
  db: Db,
  tenantId: string,
  question: CustomSecurityQuestion,
): Promise<void> {
  await db
    .insertInto("security_question_custom")
    .values({
      id: question.id,
      tenant_id: tenantId,
      text: question.text,
      created_at: question.createdAt,
    })
    .execute();
}

/** Deletes the question; false when the tenant has none with this id (any more). */
export async function deleteCustomSecurityQuestion(
  db: Db,
  tenantId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("security_question_custom")
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Serialises changes to a tenant's custom questions until the transaction ends (the row lock of
 * an update of the tenant on PostgreSQL; SQLite has one writer): two additions cannot both count
 * 19 and make 21.
 */
export async function lockTenantSecurityQuestions(db: Db, tenantId: string): Promise<void> {
  await db
    .updateTable("tenants")
    .set((eb) => ({ name: eb.ref("name") }))
    .where("id", "=", tenantId)
    .execute();
}

/** A user's stored answers: the question, the answer's hash, when it was registered. */
export type StoredSecurityAnswer = {
  readonly questionKey: string;
  readonly answerHash: string;
  readonly createdAt: number;
};

export async function listSecurityAnswers(db: Db, userId: string): Promise<StoredSecurityAnswer[]> {
  const rows = await db
    .selectFrom("security_question_answers")
    .select(["question_key", "answer_hash", "created_at"])
    .where("user_id", "=", userId)
    .orderBy("question_key")
    .execute();
  return rows.map((row) => ({
    questionKey: row.question_key,
    answerHash: row.answer_hash,
    createdAt: Number(row.created_at),
  }));
}

/** When the user registered security questions, or undefined: no hash is read. */
export async function findSecurityQuestionsRegistration(
  db: Db,
  userId: string,
): Promise<{ registeredAt: number; count: number } | undefined> {
  const row = await db
    .selectFrom("security_question_answers")
    .select((eb) => [
      eb.fn.min<number>("created_at").as("registered_at"),
      eb.fn.countAll<number>().as("count"),
    ])
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const count = Number(row?.count ?? 0);
  return row && count > 0 ? { registeredAt: Number(row.registered_at), count } : undefined;
}

export async function insertSecurityAnswers(
  db: Db,
  rows: readonly {
    userId: string;
    tenantId: string;
    questionKey: string;
    answerHash: string;
    createdAt: number;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("security_question_answers")
    .values(
      rows.map((row) => ({
        user_id: row.userId,
        tenant_id: row.tenantId,
        question_key: row.questionKey,
        answer_hash: row.answerHash,
        created_at: row.createdAt,
      })),
    )
    .execute();
}

/** Deletes every answer of the user; how many there were. */
export async function deleteSecurityAnswers(db: Db, userId: string): Promise<number> {
  const result = await db
    .deleteFrom("security_question_answers")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes the whole set of answers of every user of the tenant who answered `questionKey`; how
 * many users lost theirs.
 */
export async function deleteSecurityAnswersUsingQuestion(
  db: Db,
  tenantId: string,
  questionKey: string,
): Promise<number> {
  const users = db
    .selectFrom("security_question_answers")
    .select("user_id")
    .where("tenant_id", "=", tenantId)
    .where("question_key", "=", questionKey);
  const count = await db
    .selectFrom("security_question_answers")
    .select((eb) => eb.fn.count<number>("user_id").distinct().as("count"))
    .where("tenant_id", "=", tenantId)
    .where("question_key", "=", questionKey)
    .executeTakeFirst();
  await db
    .deleteFrom("security_question_answers")
    .where("tenant_id", "=", tenantId)
    .where("user_id", "in", users)
    .execute();
  return Number(count?.count ?? 0);
}
