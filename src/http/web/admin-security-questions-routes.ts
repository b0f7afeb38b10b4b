import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isVarcoError } from "../../errors/varco-error.ts";
import { addCustomSecurityQuestion } from "../../methods/security-questions/add-custom-question.ts";
import { maxCustomQuestions } from "../../methods/security-questions/custom-question.ts";
import { customSecurityQuestions } from "../../methods/security-questions/custom-questions.ts";
import { deleteCustomSecurityQuestion } from "../../methods/security-questions/delete-custom-question.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import type { AdminSecurityQuestionsModel } from "../../web/security-questions-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const path = "/admin/policy/security-questions";
const TextForm = pageForm({ text: text(1000) });
const NoFields = pageForm({ ticket: optionalText(200) });
const NoticeQuery = pageQuery({ notice: optionalText(40) });
const QuestionParams = Type.Object({ questionId: text(100) });
const notices = ["custom_question_added", "custom_question_deleted"] as const;

/**
 * The tenant's own security questions (Entra's custom security questions), read with
 * readPolicy and changed with writePolicy like the rest of the policy. Removing a user's
 * security questions is one of the user actions (admin-user-actions.ts).
 */
export function registerAdminSecurityQuestionsRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const show = async (
    admin: PageAdmin,
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Pick<AdminSecurityQuestionsModel, "notice" | "error" | "text">> & {
      status?: number;
    },
  ) => {
    const questions = await customSecurityQuestions(ctx, admin.tenant.id);
    const model: AdminSecurityQuestionsModel = {
      questions: questions.map((q) => ({ id: q.id, text: q.text, createdAt: q.createdAt })),
      max: maxCustomQuestions,
      readOnly: !isAllowed(admin.principal, "writePolicy"),
      ...(extra.notice ? { notice: extra.notice } : {}),
      ...(extra.error ? { error: extra.error } : {}),
      ...(extra.text !== undefined ? { text: extra.text } : {}),
    };
    return sendPage(web, request, reply, "admin-security-questions", model, {
      ...adminPage(admin),
      status: extra.status ?? 200,
    });
  };

  app.get(path, { schema: { querystring: NoticeQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "readPolicy");
      const notice = notices.find((n) => n === request.query.notice);
      return show(admin, request, reply, notice ? { notice } : {});
    }),
  );

  app.post(path, { schema: { body: TextForm } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "writePolicy");
      try {
        await addCustomSecurityQuestion(ctx, admin.actor, admin.tenant, request.body.text);
      } catch (error) {
        if (!isVarcoError(error) || error.status >= 500) throw error;
        return show(admin, request, reply, {
          error: error.code,
          text: request.body.text,
          status: error.status,
        });
      }
      return seeOther(reply, `${path}?notice=custom_question_added`);
    }),
  );

  app.post(
    `${path}/:questionId/delete`,
    { schema: { params: QuestionParams, body: NoFields } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "writePolicy");
        try {
          await deleteCustomSecurityQuestion(
            ctx,
            admin.actor,
            admin.tenant,
            request.params.questionId,
          );
        } catch (error) {
          if (!isVarcoError(error, "custom_question_not_found")) throw error;
          return show(admin, request, reply, { error: error.code, status: 404 });
        }
        return seeOther(reply, `${path}?notice=custom_question_deleted`);
      }),
  );
}
