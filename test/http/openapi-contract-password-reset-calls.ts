import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import type { Role } from "../../src/roles/roles.ts";
import type { openApiChecker } from "../support/openapi-checker.ts";
import { type TestApp, testActor } from "../support/test-app.ts";

/**
 * Calls the password's method (Graph's passwordMethods) and the read-only self-service reset
 * registration of a user, with their main errors, each answer checked against the served document.
 */
export async function drivePasswordResetApi(input: {
  t: TestApp;
  server: FastifyInstance;
  checker: ReturnType<typeof openApiChecker>;
  tokenFor: (roles: readonly Role[]) => Promise<{ token: string }>;
}): Promise<void> {
  const { t, server, checker, tokenFor } = input;
  const admin = (await tokenFor(["authenticationAdministrator"])).token;
  const reader = (await tokenFor(["securityReader"])).token;
  const user = await createUser(t.ctx, testActor, t.tenant, {
    upn: "contract.reset@example.it",
    password: "correct horse battery",
  });
  const send = async (
    key: string,
    token: string,
    params: Record<string, string>,
    expected: number,
  ) => {
    const [method = "", template = ""] = key.split(" ");
    const url = template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(params[name] ?? ""),
    );
    const response = await server.inject({
      method: method as "GET",
      url,
      headers: { authorization: `Bearer ${token}` },
    });
    checker.check(key, response);
    assert.equal(response.statusCode, expected, `${key}: ${response.body}`);
  };
  const methods = "GET /api/v1/users/{id}/authentication/passwordMethods";
  await send(methods, admin, { id: user.id }, 200);
  await send(methods, admin, { id: "nobody@example.it" }, 404);
  const one = `${methods}/{passwordMethodId}`;
  const id = "28c10230-6103-485e-b985-444c60001490";
  await send(one, admin, { id: user.id, passwordMethodId: id }, 200);
  await send(one, admin, { id: user.id, passwordMethodId: "another" }, 404);
  const details = "GET /api/v1/reports/authenticationMethods/userRegistrationDetails/{id}";
  await send(details, reader, { id: user.upn }, 200);
  await send(details, admin, { id: user.id }, 403);
}
