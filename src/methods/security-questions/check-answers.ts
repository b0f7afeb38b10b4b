import type { Context } from "../../context.ts";
import { dummyPasswordHash, verifyPassword } from "../../crypto/password.ts";
import { listSecurityAnswers } from "../../store/queries/security-questions.ts";
import { securityAnswerHashInput } from "./answer-hash.ts";
import { maxAnswerLength, securityAnswerLength } from "./answer-rules.ts";
import { normaliseSecurityAnswer } from "./normalise-answer.ts";

/**
 * True only when every answer given matches the user's registered answer to its question
 * (compared as stored: normalise-answer.ts), with no question twice and at least one answer.
 * Every answer costs one argon2id verification, whatever the others gave: a question the user
 * never answered, or an answer too long to be one, is checked against a hash of nothing anyone
 * knows, and no answer stops the others. So the time tells neither which answer was wrong nor
 * which questions the user registered. How many answers a reset asks for, and throttling the
 * attempts, is the caller's (the tenant's `securityQuestionsToAnswer`).
 */
export async function checkSecurityAnswers(
  ctx: Context,
  userId: string,
  answers: readonly { questionKey: string; answer: string }[],
): Promise<boolean> {
  const stored = new Map(
    (await listSecurityAnswers(ctx.store.db, userId)).map((row) => [
      row.questionKey,
      row.answerHash,
    ]),
  );
  const dummy = await dummyPasswordHash();
  const verdicts = await Promise.all(
    answers.map(async ({ questionKey, answer }) => {
      const hash = stored.get(questionKey);
      const fits = securityAnswerLength(answer) <= maxAnswerLength;
      const input = securityAnswerHashInput(
        userId,
        questionKey,
        fits ? normaliseSecurityAnswer(answer) : "",
      );
      const matches = await verifyPassword(hash !== undefined && fits ? hash : dummy, input);
      return matches && hash !== undefined && fits;
    }),
  );
  const distinct = new Set(answers.map((answer) => answer.questionKey)).size === answers.length;
  return answers.length > 0 && distinct && verdicts.every(Boolean);
}
