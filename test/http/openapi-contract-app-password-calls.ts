import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { createAppPassword } from "../../src/methods/app-password/create-app-password.ts";
import { changeTenantPolicy } from "../../src/policy/update-tenant-policy.ts";
import type { Role } from "../../src/roles/roles.ts";
import type { openApiChecker } from "../support/openapi-checker.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { type TestApp, testActor } from "../support/test-app.ts";

/**
 * Calls the app password operations (the validation for mail servers, and the admin API's list
 * and revoke) with their main errors, each answer checked against the served document.
 */
export async function driveAppPasswordApi(input: {
  t: TestApp;
  server: FastifyInstance;
  checker: ReturnType<typeof openApiChecker>;
  tokenFor: (roles: readonly Role[]) => Promise<{ token: string }>;
  apiKey: string;
}): Promise<void> {
  const { t, server, checker, tokenFor, apiKey } = input;
  const send = async (
    key: string,
    call: { token?: string; params?: Record<string, string>; json?: unknown },
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
        ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
        ...(call.json !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(call.json !== undefined ? { payload: JSON.stringify(call.json) } : {}),
    });
    checker.check(key, response);
    assert.equal(response.statusCode, expected, `${key}: ${response.body}`);
    return response;
  };
  await changeTenantPolicy(t.ctx, testActor, t.tenant, { appPasswordsAllowed: true });
  const tenant = await findTenant(t.ctx);
  const user = await createUser(t.ctx, testActor, tenant, {
    upn: "contract.mail@example.it",
    password: testPassword,
  });
  const { appPassword, password } = await createAppPassword(t.ctx, testActor, tenant, user, {
    name: "Thunderbird",
  });

  const validate = "POST /api/v1/validate/app-password";
  const body = { upn: user.upn, password };
  await send(validate, { json: body }, 401);
  await send(validate, { token: apiKey, json: { ...body, extra: 1 } }, 400);
  await send(validate, { token: apiKey, json: { ...body, clientIp: "not an address" } }, 400);
  const accepted = await send(validate, { token: apiKey, json: body }, 200);
  assert.equal(accepted.json().result, "accept");

  const admin = (await tokenFor(["authenticationAdministrator"])).token;
  const reader = (await tokenFor(["securityReader"])).token;
  const list = "GET /api/v1/users/{id}/authentication/appPasswords";
  const one = "DELETE /api/v1/users/{id}/authentication/appPasswords/{appPasswordId}";
  const params = { id: user.id, appPasswordId: appPassword.id };
  const listed = await send(list, { token: admin, params }, 200);
  assert.equal(listed.json().value[0].displayName, "Thunderbird");
  await send(list, { token: reader, params }, 403);
  await send(list, { token: admin, params: { id: "nobody@example.it" } }, 404);
  await send(one, { token: reader, params }, 403);
  await send(one, { token: admin, params }, 204);
  await send(one, { token: admin, params }, 404);
  const rejected = await send(validate, { token: apiKey, json: body }, 200);
  assert.equal(rejected.json().result, "reject");
}
