import type { Context } from "../../context.ts";
import { listSecurityAnswers } from "../../store/queries/security-questions.ts";

/**
 * The keys of the questions the user answered (`predefined:7`, `custom:<id>`), in a fixed order;
 * empty when the user has registered none. What the user answered is never read back.
 */
export async function registeredSecurityQuestions(
  ctx: Context,
  userId: string,
): Promise<readonly string[]> {
  return (await listSecurityAnswers(ctx.store.db, userId)).map((answer) => answer.questionKey);
}
