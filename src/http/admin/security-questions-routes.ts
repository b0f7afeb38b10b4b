import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { addCustomSecurityQuestion } from "../../methods/security-questions/add-custom-question.ts";
import {
  type CustomSecurityQuestion,
  maxCustomQuestionLength,
  maxCustomQuestions,
} from "../../methods/security-questions/custom-question.ts";
import { customSecurityQuestions } from "../../methods/security-questions/custom-questions.ts";
import { deleteSecurityQuestions } from "../../methods/security-questions/delete.ts";
import { deleteCustomSecurityQuestion } from "../../methods/security-questions/delete-custom-question.ts";
import { authorize } from "../../roles/authorize.ts";
import { findSecurityQuestionsRegistration } from "../../store/queries/security-questions.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { DateTime, isoTime } from "../contracts/nullable.ts";
import { adminOf } from "./admin-principal.ts";
import {
  GraphSecurityQuestionsMethod,
  graphSecurityQuestionsMethod,
  securityQuestionsMethodId,
} from "./graph-security-questions-method.ts";
import { methodsTarget, UserParams } from "./target-user.ts";

const CustomQuestion = Type.Object(
  {
    id: Type.String({ description: "Varco's id of the question" }),
    text: Type.String({ description: "As the administrator typed it, shown in every language" }),
    createdDateTime: DateTime,
  },
  { description: "A security question of the tenant's own" },
);
// Longer than a question may be, so a long one is refused in the domain's words.
const NewQuestion = Type.Object(
  {
    text: Type.String({
      maxLength: 4 * maxCustomQuestionLength,
      description: `1 to ${maxCustomQuestionLength} characters on one line, any script`,
    }),
  },
  { additionalProperties: false },
);
const QuestionParams = Type.Object({
  questionId: Type.String({ maxLength: 100, description: "The question's id" }),
});
const MethodParams = Type.Object({
  id: Type.String({ description: "The user's id, or user principal name" }),
  methodId: Type.String({ maxLength: 100, description: "securityQuestions" }),
});

const customQuestionJson = (question: CustomSecurityQuestion) => ({
  id: question.id,
  text: question.text,
  createdDateTime: isoTime(question.createdAt),
});

/**
 * Security questions (for password reset): the tenant's own questions under
 * `policies/securityQuestions/customQuestions` (readPolicy to list, writePolicy to change, like
 * the policy), and a user's registration under `users/{id}/authentication/securityQuestionsMethods`
 * (manageMethods): only that it exists and when, removable as a whole. No route reads which
 * questions a user chose, or an answer.
 */
export function registerSecurityQuestionsRoutes(app: ContractApp, ctx: Context): void {
  const policyTags = ["policy"];
  const methodTags = ["methods"];
  const questions = "/api/v1/policies/securityQuestions/customQuestions";
  const methods = "/api/v1/users/:id/authentication/securityQuestionsMethods";
  const tenantOf = async (tenantId: string) => {
    const tenant = await findTenantById(ctx.store.db, tenantId);
    if (!tenant) throw new VarcoError("tenant_not_found");
    return tenant;
  };

  app.get(
    questions,
    {
      schema: {
        summary: "The tenant's own security questions",
        tags: policyTags,
        response: {
          200: GraphCollection(CustomQuestion, "The tenant's own questions, oldest first"),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readPolicy");
      return {
        value: (await customSecurityQuestions(ctx, admin.tenantId)).map(customQuestionJson),
      };
    },
  );

  app.post(
    questions,
    {
      schema: {
        summary: `Add a security question of the tenant's own (at most ${maxCustomQuestions})`,
        tags: policyTags,
        body: NewQuestion,
        response: {
          201: CustomQuestion,
          ...errorResponses(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      authorize(admin, "writePolicy");
      const tenant = await tenantOf(admin.tenantId);
      const question = await addCustomSecurityQuestion(ctx, admin.actor, tenant, request.body.text);
      return reply.status(201).send(customQuestionJson(question));
    },
  );

  app.delete(
    `${questions}/:questionId`,
    {
      schema: {
        summary:
          "Delete a question of the tenant's own: users who answered it register security questions again",
        tags: policyTags,
        params: QuestionParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      authorize(admin, "writePolicy");
      const tenant = await tenantOf(admin.tenantId);
      await deleteCustomSecurityQuestion(ctx, admin.actor, tenant, request.params.questionId);
      return reply.status(204).send();
    },
  );

  app.get(
    methods,
    {
      schema: {
        summary: "Whether the user registered security questions, and when; never what",
        tags: methodTags,
        params: UserParams,
        response: {
          200: GraphCollection(GraphSecurityQuestionsMethod, "None or one"),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { user } = await methodsTarget(ctx, request, request.params.id);
      const registration = await findSecurityQuestionsRegistration(ctx.store.db, user.id);
      return {
        value: registration ? [graphSecurityQuestionsMethod(registration.registeredAt)] : [],
      };
    },
  );

  app.delete(
    `${methods}/:methodId`,
    {
      schema: {
        summary: "Remove the user's security questions, the whole set",
        tags: methodTags,
        params: MethodParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      if (request.params.methodId !== securityQuestionsMethodId)
        throw new VarcoError("no_security_questions");
      await deleteSecurityQuestions(ctx, admin.actor, user);
      return reply.status(204).send();
    },
  );
}
