import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { checkSecurityAnswers } from "../methods/security-questions/check-answers.ts";
import { giveBackResetAttempt, takeResetAttempt } from "../store/queries/password-resets.ts";
import type { PasswordReset } from "./load-password-reset.ts";
import { offeredMethods } from "./offered-methods.ts";
import { recordProof } from "./prove-reset-code.ts";
import { maxResetFailures, questionsOf } from "./reset-state.ts";

/**
 * The answers to the questions the reset asked (reset-questions.ts), all of them. The reset's
 * budget takes the attempt first; every answer costs one argon2id check, right or wrong, for a
 * user and for a reset that names nobody alike (check-answers.ts), so neither the answer nor its
 * time tells which answer was wrong or whether the user exists.
 */
export async function answerResetQuestions(
  ctx: Context,
  reset: PasswordReset,
  answers: readonly { readonly questionKey: string; readonly answer: string }[],
): Promise<void> {
  if (!(await offeredMethods(ctx, reset)).includes("securityQuestions"))
    throw new VarcoError("method_not_offered");
  const { row, user } = reset;
  const now = ctx.now();
  if (!(await takeResetAttempt(ctx.store.db, { id: row.id, max: maxResetFailures, now })))
    throw new VarcoError("password_reset_expired");
  const asked = questionsOf(row);
  const answersAsked =
    asked.length > 0 &&
    answers.length === asked.length &&
    answers.every((answer) => asked.includes(answer.questionKey));
  const right =
    (await checkSecurityAnswers(ctx, user?.id ?? `reset:${row.id}`, answers)) &&
    answersAsked &&
    user !== undefined;
  if (right && (await recordProof(ctx, reset, "securityQuestions", now))) {
    await giveBackResetAttempt(ctx.store.db, row.id);
    return;
  }
  throw new VarcoError("reset_verification_failed");
}
