import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { SignedIn } from "../../sessions/authenticate-session.ts";
import type { ClientInfo } from "../../sign-in/types.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import {
  deleteSecurityAnswers,
  insertSecurityAnswers,
  listCustomSecurityQuestions,
  lockTenantSecurityQuestions,
} from "../../store/queries/security-questions.ts";
import { lockUser } from "../../store/queries/users.ts";
import { hashSecurityAnswer } from "./answer-hash.ts";
import { checkSecurityAnswerRules } from "./answer-rules.ts";
import { predefinedSecurityQuestions } from "./catalogue.ts";
import { customQuestionIdOf } from "./custom-question.ts";
import { normaliseSecurityAnswer } from "./normalise-answer.ts";
import { securityQuestionsRefusal } from "./who-may-register.ts";

/**
 * A signed-in user registers security questions, replacing any set registered before: exactly
 * the tenant's `securityQuestionsToRegister` answers, under Entra's rules
 * (answer-rules.ts; the first broken rule is the error). Refused when the tenant has not turned
 * security questions on, and to any holder of an administrator role. Each answer is stored only
 * as the argon2id hash of its normalised form bound to the user and the question; the audit entry
 * says how many, never which questions nor any answer (administrators read the audit log, and
 * may know neither).
 */
export async function registerSecurityQuestions(
  ctx: Context,
  who: SignedIn,
  answers: readonly { questionKey: string; answer: string }[],
  client: ClientInfo,
): Promise<void> {
  const { user, tenant } = who;
  const refusal = await securityQuestionsRefusal(ctx, tenant, user.id);
  if (refusal) throw new VarcoError(refusal);
  const custom = await listCustomSecurityQuestions(ctx.store.db, tenant.id);
  const questionKeys = new Set([
    ...predefinedSecurityQuestions.map((question) => question.key),
    ...custom.map((question) => question.key),
  ]);
  const [problem] = checkSecurityAnswerRules(answers, {
    count: tenant.policy.securityQuestionsToRegister,
    questionKeys,
  });
  if (problem)
    throw new VarcoError(
      problem.rule,
      problem.index === null ? `${answers.length} answers` : `answer ${problem.index + 1}`,
    );
  const hashes = await Promise.all(
    answers.map(({ questionKey, answer }) =>
      hashSecurityAnswer(user.id, questionKey, normaliseSecurityAnswer(answer)),
    ),
  );
  const now = ctx.now();
  const usesCustom = answers.some(({ questionKey }) => customQuestionIdOf(questionKey));
  await ctx.store.transaction(async (tx) => {
    if (usesCustom) {
      // A custom question deleted meanwhile is no longer one to answer (delete-custom-question.ts
      // takes the same lock).
      await lockTenantSecurityQuestions(tx, tenant.id);
      const still = new Set((await listCustomSecurityQuestions(tx, tenant.id)).map((q) => q.key));
      const gone = answers.findIndex(
        ({ questionKey }) => customQuestionIdOf(questionKey) && !still.has(questionKey),
      );
      if (gone >= 0) throw new VarcoError("security_question_unknown", `answer ${gone + 1}`);
    }
    await lockUser(tx, ctx.store.kind, user.id);
    const replaced = await deleteSecurityAnswers(tx, user.id);
    await insertSecurityAnswers(
      tx,
      answers.map(({ questionKey }, index) => ({
        userId: user.id,
        tenantId: tenant.id,
        questionKey,
        answerHash: hashes[index] ?? "",
        createdAt: now,
      })),
    );
    await recordAudit(
      tx,
      { now, actor: userActor(user, client), keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Register security questions",
        targetType: "method",
        targetId: "securityQuestions",
        details: { upn: user.upn, count: answers.length, replacedEarlierSet: replaced > 0 },
      },
    );
  });
}
