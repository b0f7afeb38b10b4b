import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import {
  insertCustomSecurityQuestion,
  listCustomSecurityQuestions,
  lockTenantSecurityQuestions,
} from "../../store/queries/security-questions.ts";
import {
  type CustomSecurityQuestion,
  checkCustomQuestionText,
  customQuestionKey,
  maxCustomQuestions,
} from "./custom-question.ts";

/**
 * Adds a question of the tenant's own, kept as typed (trimmed): 1 to 200 characters, no control
 * character, not the same words as another of the tenant's, at most 20 of them. Counted under
 * the tenant's lock, so two additions at once cannot pass the limit together.
 */
export async function addCustomSecurityQuestion(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  text: string,
): Promise<CustomSecurityQuestion> {
  const checked = checkCustomQuestionText(text);
  const id = randomUUID();
  const question: CustomSecurityQuestion = {
    id,
    key: customQuestionKey(id),
    text: checked,
    createdAt: ctx.now(),
  };
  await ctx.store.transaction(async (tx) => {
    await lockTenantSecurityQuestions(tx, tenant.id);
    const existing = await listCustomSecurityQuestions(tx, tenant.id);
    if (existing.length >= maxCustomQuestions) throw new VarcoError("too_many_custom_questions");
    if (existing.some((other) => other.text === checked))
      throw new VarcoError("custom_question_repeated");
    await insertCustomSecurityQuestion(tx, tenant.id, question);
    await recordAudit(
      tx,
      { now: question.createdAt, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Add custom security question",
        targetType: "tenant",
        targetId: tenant.id,
        details: { questionId: id, text: checked },
      },
    );
  });
  return question;
}
