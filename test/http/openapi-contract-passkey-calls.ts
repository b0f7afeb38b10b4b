import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { browserLike } from "../support/http-client.ts";
import type { openApiChecker } from "../support/openapi-checker.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { softAuthenticator } from "../support/soft-authenticator.ts";
import { type TestApp, testActor } from "../support/test-app.ts";

/**
 * Calls every passkey operation of the sign-in JSON API (registration, second factor,
 * passwordless) and their main errors, each answer checked against the served document. The
 * server's relying party is `origin`.
 */
export async function drivePasskeyApi(input: {
  t: TestApp;
  server: FastifyInstance;
  checker: ReturnType<typeof openApiChecker>;
  origin: string;
}): Promise<void> {
  const { t, server, checker } = input;
  const browser = () => {
    const b = browserLike(server);
    return async (key: string, body: unknown, expected: number) => {
      const [method = "", url = ""] = key.split(" ");
      const response = await b.json(method as "GET" | "POST", url, body);
      checker.check(key, response);
      assert.equal(response.statusCode, expected, `${key}: ${response.body}`);
      return (response.body ? response.json() : {}) as Record<string, unknown>;
    };
  };
  const options = "POST /api/v1/sign-in/passkey/options";
  const register = "POST /api/v1/sign-in/register/passkey";
  const second = "POST /api/v1/sign-in/passkey";
  const passwordlessOptions = "POST /api/v1/sign-in/passwordless/options";
  const passwordless = "POST /api/v1/sign-in/passwordless";
  const key = softAuthenticator({ origin: input.origin, attachment: "cross-platform" });

  await createUser(t.ctx, testActor, t.tenant, {
    upn: "contract.passkey@example.it",
    password: testPassword,
  });
  const newcomer = browser();
  await newcomer(options, {}, 403);
  await newcomer(options, { extra: true }, 400);
  await newcomer(
    "POST /api/v1/sign-in",
    { upn: "contract.passkey@example.it", password: testPassword },
    200,
  );
  const created = await newcomer(options, {}, 200);
  assert.equal(created.ceremony, "create");
  const made = key.create(created.options as never);
  await newcomer(register, { response: { id: "x" } }, 400);
  const done = await newcomer(register, { response: made.response, name: "Contract key" }, 200);
  assert.equal(done.state, "signed_in");

  const returning = browser();
  await returning(
    second,
    { response: key.get({ challenge: "AAAA" } as never, made.credential) },
    401,
  );
  await returning(
    "POST /api/v1/sign-in",
    { upn: "contract.passkey@example.it", password: testPassword },
    200,
  );
  const get = await returning(options, {}, 200);
  assert.equal(get.ceremony, "get");
  const wrong = await returning(
    second,
    { response: key.get({ challenge: "AAAA" } as never, made.credential) },
    200,
  );
  assert.equal(wrong.error, "passkey_failed");
  const signed = await returning(
    second,
    { response: key.get(get.options as never, made.credential), rememberDevice: false },
    200,
  );
  assert.equal(signed.state, "signed_in");

  // The security key was registered without a resident key in mind, but the software one has
  // it: it signs in alone too.
  const alone = browser();
  await alone(passwordlessOptions, { tenant: "no-such-tenant" }, 404);
  const offered = await alone(passwordlessOptions, {}, 200);
  await alone(passwordless, { response: { type: "public-key" } }, 400);
  const answered = await alone(
    passwordless,
    { response: key.get(offered.options as never, made.credential) },
    200,
  );
  assert.equal(answered.state, "signed_in");
  await alone(passwordless, { response: key.get(offered.options as never, made.credential) }, 401);
}
