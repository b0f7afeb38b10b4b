import type { Context } from "../../context.ts";
import { listCustomSecurityQuestions } from "../../store/queries/security-questions.ts";
import type { CustomSecurityQuestion } from "./custom-question.ts";

/** The tenant's own security questions, oldest first, as the administrators typed them. */
export async function customSecurityQuestions(
  ctx: Context,
  tenantId: string,
): Promise<readonly CustomSecurityQuestion[]> {
  return listCustomSecurityQuestions(ctx.store.db, tenantId);
}
