import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import {
  deleteCustomSecurityQuestion as deleteQuestionRow,
  deleteSecurityAnswersUsingQuestion,
  findCustomSecurityQuestion,
  lockTenantSecurityQuestions,
} from "../../store/queries/security-questions.ts";

/**
 * Deletes one of the tenant's own questions. A user who had answered it loses the whole set of
 * security questions in the same transaction (a set is always whole: they register again, with
 * the questions there are now); the audit entry says how many users that was, never who
 * answered what.
 */
export async function deleteCustomSecurityQuestion(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  questionId: string,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockTenantSecurityQuestions(tx, tenant.id);
    const question = await findCustomSecurityQuestion(tx, tenant.id, questionId);
    if (!question || !(await deleteQuestionRow(tx, tenant.id, questionId)))
      throw new VarcoError("custom_question_not_found");
    const registrationsRemoved = await deleteSecurityAnswersUsingQuestion(
      tx,
      tenant.id,
      question.key,
    );
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Delete custom security question",
        targetType: "tenant",
        targetId: tenant.id,
        details: { questionId, text: question.text, registrationsRemoved },
      },
    );
  });
}
