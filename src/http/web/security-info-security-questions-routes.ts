import type { FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import {
  checkSecurityAnswerRules,
  type SecurityAnswerInput,
} from "../../methods/security-questions/answer-rules.ts";
import { predefinedSecurityQuestions } from "../../methods/security-questions/catalogue.ts";
import { customSecurityQuestions } from "../../methods/security-questions/custom-questions.ts";
import { deleteSecurityQuestions } from "../../methods/security-questions/delete.ts";
import { registerSecurityQuestions } from "../../methods/security-questions/register.ts";
import { securityQuestionsRefusal } from "../../methods/security-questions/who-may-register.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import { findSecurityQuestionsRegistration } from "../../store/queries/security-questions.ts";
import type { SecurityQuestionsModel } from "../../web/security-questions-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { fieldsNamed, optionalText, pageForm } from "./page-contracts.ts";
import { type Visitor, visitorNotFound, visitorPage, withProvenVisitor } from "./visitor.ts";
import { clientOf, languageOf, seeOther, sendPage, type Web } from "./web-context.ts";

// The most the policy may ask (tenant-policy.ts): a form names question1…answer5 at most.
const places = [1, 2, 3, 4, 5] as const;
const questionFields = places.map((n) => `question${n}`);
const answerFields = places.map((n) => `answer${n}`);
// An answer longer than 40 characters is refused by the rules, with its own message; the edge
// only bounds the request.
const QuestionsForm = pageForm({
  ...fieldsNamed(questionFields, optionalText(100)),
  ...fieldsNamed(answerFields, optionalText(400)),
});
const NoFields = pageForm({});
const path = "/security-info/security-questions";

/**
 * Security info's security questions, for resetting a forgotten password: register
 * the set (the tenant's number of questions, each chosen once, each answered), change it by
 * registering a new one, remove it (after a page that asks). Each asks for the same recent
 * second factor as the other method changes; a holder of an administrator role, or a user of a
 * tenant that has not turned them on, is refused with the code that says so.
 */
export function registerSecurityInfoSecurityQuestionsRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const refused = (request: FastifyRequest, reply: FastifyReply, who: Visitor, code: string) =>
    sendPage(web, request, reply, "error", { code }, { ...visitorPage(who), status: 403 });

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    who: Visitor,
    shown: { chosen?: string[]; problems?: (string | null)[]; error?: string; status?: number },
  ) => {
    const language = languageOf(web, request, reply);
    const count = who.tenant.policy.securityQuestionsToRegister;
    const [custom, registration] = await Promise.all([
      customSecurityQuestions(ctx, who.tenant.id),
      findSecurityQuestionsRegistration(ctx.store.db, who.user.id),
    ]);
    const model: SecurityQuestionsModel = {
      count,
      predefined: predefinedSecurityQuestions.map((q) => ({ key: q.key, text: q[language] })),
      custom: custom.map((q) => ({ key: q.key, text: q.text })),
      chosen: Array.from({ length: count }, (_, i) => shown.chosen?.[i] ?? ""),
      problems: Array.from({ length: count }, (_, i) => shown.problems?.[i] ?? null),
      ...(shown.error ? { error: shown.error } : {}),
      registered: registration !== undefined,
    };
    return sendPage(web, request, reply, "security-questions", model, {
      ...visitorPage(who),
      status: shown.status ?? 200,
    });
  };

  app.get(path, async (request, reply) =>
    withProvenVisitor(web, request, reply, path, async (who) => {
      const refusal = await securityQuestionsRefusal(ctx, who.tenant, who.user.id);
      if (refusal) return refused(request, reply, who, refusal);
      return showForm(request, reply, who, {});
    }),
  );

  app.post(path, { schema: { body: QuestionsForm } }, async (request, reply) =>
    withProvenVisitor(web, request, reply, path, async (who) => {
      const refusal = await securityQuestionsRefusal(ctx, who.tenant, who.user.id);
      if (refusal) return refused(request, reply, who, refusal);
      const body = request.body as Record<string, string | undefined>;
      const count = who.tenant.policy.securityQuestionsToRegister;
      const answers: SecurityAnswerInput[] = places.slice(0, count).map((n) => ({
        questionKey: body[`question${n}`] ?? "",
        answer: body[`answer${n}`] ?? "",
      }));
      const chosen = answers.map((a) => a.questionKey);
      // Each place's refusal in its own words, before anything is hashed.
      const custom = await customSecurityQuestions(ctx, who.tenant.id);
      const problems = checkSecurityAnswerRules(answers, {
        count,
        questionKeys: new Set([...predefinedSecurityQuestions, ...custom].map((q) => q.key)),
      });
      if (problems.length > 0) {
        const byPlace = answers.map(
          (_, i) => problems.find((problem) => problem.index === i)?.rule ?? null,
        );
        return showForm(request, reply, who, { chosen, problems: byPlace, status: 400 });
      }
      try {
        await registerSecurityQuestions(ctx, who, answers, clientOf(request));
      } catch (error) {
        if (!isVarcoError(error) || error.status >= 500) throw error;
        return showForm(request, reply, who, {
          chosen,
          error: error.code,
          status: error.status,
        });
      }
      return seeOther(reply, "/security-info?notice=security_questions_registered");
    }),
  );

  app.get(`${path}/remove`, async (request, reply) =>
    withProvenVisitor(web, request, reply, `${path}/remove`, async (who) => {
      if (!(await findSecurityQuestionsRegistration(ctx.store.db, who.user.id)))
        return visitorNotFound(web, request, reply, who);
      const model = { kind: "removeSecurityQuestions" as const, action: `${path}/remove` };
      return sendPage(web, request, reply, "confirm", model, visitorPage(who));
    }),
  );

  app.post(`${path}/remove`, { schema: { body: NoFields } }, async (request, reply) =>
    withProvenVisitor(web, request, reply, "/security-info", async (who) => {
      try {
        await deleteSecurityQuestions(ctx, userActor(who.user, clientOf(request)), who.user);
      } catch (error) {
        if (!isVarcoError(error, "no_security_questions")) throw error;
        return seeOther(reply, "/security-info?error=no_security_questions");
      }
      return seeOther(reply, "/security-info?notice=security_questions_removed");
    }),
  );
}
