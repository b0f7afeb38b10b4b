import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { hashSecurityAnswer } from "../../src/methods/security-questions/answer-hash.ts";
import type { Role } from "../../src/roles/roles.ts";
import { insertSecurityAnswers } from "../../src/store/queries/security-questions.ts";
import type { openApiChecker } from "../support/openapi-checker.ts";
import { type TestApp, testActor } from "../support/test-app.ts";

/**
 * Calls every security-questions operation of the admin API (the tenant's own questions, a
 * user's registration) and their main errors, each answer checked against the served document.
 */
export async function driveSecurityQuestionsApi(input: {
  t: TestApp;
  server: FastifyInstance;
  checker: ReturnType<typeof openApiChecker>;
  tokenFor: (roles: readonly Role[]) => Promise<{ token: string }>;
}): Promise<void> {
  const { t, server, checker, tokenFor } = input;
  const policyAdmin = (await tokenFor(["authenticationPolicyAdministrator"])).token;
  const reader = (await tokenFor(["securityReader"])).token;
  const send = async (
    key: string,
    call: { token: string; params?: Record<string, string>; json?: unknown },
    expected: number,
  ) => {
    const [method = "", template = ""] = key.split(" ");
    const url = template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(call.params?.[name] ?? ""),
    );
    const response = await server.inject({
      method: method as "GET" | "POST" | "DELETE",
      url,
      headers: {
        authorization: `Bearer ${call.token}`,
        ...(call.json === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(call.json === undefined ? {} : { payload: JSON.stringify(call.json) }),
    });
    checker.check(key, response);
    assert.equal(response.statusCode, expected, `${key}: ${response.body}`);
    return response;
  };

  const questions = "/api/v1/policies/securityQuestions/customQuestions";
  const added = await send(
    `POST ${questions}`,
    { token: policyAdmin, json: { text: "Come si chiamava il tuo primo gatto?" } },
    201,
  );
  await send(`POST ${questions}`, { token: policyAdmin, json: { text: "" } }, 400);
  await send(`POST ${questions}`, { token: reader, json: { text: "Chi?" } }, 403);
  await send(`GET ${questions}`, { token: reader }, 200);
  await send(`GET ${questions}`, { token: "not-a-token" }, 401);
  const question = { questionId: added.json().id as string };
  await send(`DELETE ${questions}/{questionId}`, { token: reader, params: question }, 403);
  await send(`DELETE ${questions}/{questionId}`, { token: policyAdmin, params: question }, 204);
  await send(`DELETE ${questions}/{questionId}`, { token: policyAdmin, params: question }, 404);

  const admin = (await tokenFor(["authenticationAdministrator"])).token;
  const user = await createUser(t.ctx, testActor, t.tenant, { upn: "contract.sq@example.it" });
  const now = t.ctx.now();
  await insertSecurityAnswers(
    t.ctx.store.db,
    await Promise.all(
      ["predefined:1", "predefined:2", "predefined:3"].map(async (questionKey) => ({
        userId: user.id,
        tenantId: t.tenant.id,
        questionKey,
        answerHash: await hashSecurityAnswer(user.id, questionKey, "pisa"),
        createdAt: now,
      })),
    ),
  );
  const methods = "/api/v1/users/{id}/authentication/securityQuestionsMethods";
  const id = { id: user.id };
  const listed = await send(`GET ${methods}`, { token: admin, params: id }, 200);
  assert.equal(listed.json().value.length, 1);
  await send(`GET ${methods}`, { token: admin, params: { id: "nobody" } }, 404);
  const method = { ...id, methodId: "securityQuestions" };
  await send(`DELETE ${methods}/{methodId}`, { token: reader, params: method }, 403);
  await send(`DELETE ${methods}/{methodId}`, { token: admin, params: method }, 204);
  await send(`DELETE ${methods}/{methodId}`, { token: admin, params: method }, 404);
}
