import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isVarcoError } from "../../errors/varco-error.ts";
import { addCustomSecurityQuestion } from "../../methods/security-questions/add-custom-question.ts";
import { maxCustomQuestions } from "../../methods/security-questions/custom-question.ts";
import { customSecurityQuestions } from "../../methods/security-questions/custom-questions.ts";
import { deleteSecurityQuestions } from "../../methods/security-questions/delete.ts";
import { deleteCustomSecurityQuestion } from "../../methods/security-questions/delete-custom-question.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { findSecurityQuestionsRegistration } from "../../store/queries/security-questions.ts";
import type { AdminSecurityQuestionsModel } from "../../web/security-questions-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import {
  adminPage,
  findPageTarget,
  type PageAdmin,
  sendAdminError,
  withPageAdmin,
} from "./admin-context.ts";
import { IdParams, optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const path = "/admin/policy/security-questions";
const TextForm = pageForm({ text: text(1000) });
const NoFields = pageForm({ ticket: optionalText(200) });
const NoticeQuery = pageQuery({ notice: optionalText(40) });
const QuestionParams = Type.Object({ questionId: text(100) });
const notices = ["custom_question_added", "custom_question_deleted"] as const;

/**
 * The tenant's own security questions (Entra's custom security questions), read with
 * readPolicy and changed with writePolicy like the rest of the policy; and, on a user's admin
 * page, removing the user's security questions as a whole (manageMethods, as any method): the
 * administrator never sees which questions the user chose, nor an answer.
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

  app.get(
    "/admin/users/:id/security-questions/remove",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        const found = await findPageTarget(web, admin, request.params.id);
        if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
        if (!isAllowed(admin.principal, "manageMethods", found))
          return sendAdminError(web, request, reply, admin, "forbidden");
        if (!(await findSecurityQuestionsRegistration(ctx.store.db, found.user.id)))
          return sendAdminError(web, request, reply, admin, "not_found");
        const model = {
          kind: "removeSecurityQuestions" as const,
          action: `/admin/users/${encodeURIComponent(found.user.id)}/security-questions/remove`,
          userId: found.user.id,
          upn: found.user.upn,
        };
        return sendPage(web, request, reply, "admin-confirm", model, adminPage(admin));
      }),
  );

  app.post(
    "/admin/users/:id/security-questions/remove",
    { schema: { params: IdParams, body: NoFields } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        const found = await findPageTarget(web, admin, request.params.id);
        if (!found) return sendAdminError(web, request, reply, admin, "user_not_found");
        authorize(admin.principal, "manageMethods", found);
        const back = `/admin/users/${encodeURIComponent(found.user.id)}`;
        try {
          await deleteSecurityQuestions(ctx, admin.actor, found.user);
        } catch (error) {
          if (!isVarcoError(error, "no_security_questions")) throw error;
          return seeOther(reply, `${back}?error=${error.code}`);
        }
        return seeOther(reply, `${back}?notice=security_questions_removed`);
      }),
  );
}
