import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance, InjectOptions } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { errorCodes } from "../../src/errors/codes.ts";
import { VarcoError } from "../../src/errors/varco-error.ts";
import { buildServer } from "../../src/http/build-server.ts";
import { requestToken } from "../admin/admin-client.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Issue "One sign-in machine … with one contract per route", "Bad input, everywhere": errors
// Fastify itself raises come out in Varco's format, with a stable code and a 4xx status.

describe("errors Fastify raises answer in Varco's format", () => {
  let t: TestApp;
  let server: FastifyInstance;
  let apiKey: string;
  let adminToken: string;
  const lines: string[] = [];
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildServer(t.ctx, {
      logLevel: "info",
      logStream: { write: (line: string) => lines.push(line) > 0, flush: () => {} },
    });
    // A route whose 401 is not Varco's error, as the sign-in API's steps are.
    server.post(
      "/api/v1/test-step",
      {
        schema: {
          response: {
            401: { type: "object", required: ["state"], properties: { state: { type: "string" } } },
          },
        },
      },
      async () => {
        throw new VarcoError("sign_in_expired");
      },
    );
    apiKey = (await createApiKey(t.ctx, testActor, t.tenant, { name: "vpn" })).key;
    const client = await createApiClient(t.ctx, testActor, t.tenant, {
      name: "script",
      roles: ["globalAdministrator"],
    });
    adminToken = (await requestToken(server, client.clientId, client.clientSecret)).json()
      .access_token as string;
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  /** The answer as JSON, checked to be Varco's error shape and never Fastify's own. */
  const varcoError = async (options: InjectOptions) => {
    const response = await server.inject(options);
    const body = response.json();
    assert.equal(body.statusCode, undefined, "not Fastify's { statusCode, error, message }");
    assert.equal(typeof body.error?.code, "string", response.body);
    assert.equal(body.error.message, errorCodes[body.error.code as keyof typeof errorCodes].en);
    assert.match(String(response.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    return { status: response.statusCode, code: body.error.code as string, response };
  };
  const validate = (options: Omit<InjectOptions, "url">): InjectOptions => ({
    method: "POST",
    url: "/api/v1/validate",
    ...options,
    headers: { authorization: `Bearer ${apiKey}`, ...options.headers },
  });
  const expect = async (options: InjectOptions, status: number, code: string) => {
    const answer = await varcoError(options);
    assert.deepEqual([answer.status, answer.code], [status, code], answer.response.body);
    return answer;
  };

  test("a malformed percent-escape or invalid UTF-8 in the path answers 400 invalid_request", async () => {
    for (const url of ["/api/v1/users/%zz", "/api/v1/users/%E0%A4%A", "/static/%FF", "/admin/%"]) {
      await expect(
        { url, headers: { authorization: `Bearer ${adminToken}` } },
        400,
        "invalid_request",
      );
    }
    const page = await server.inject({ url: "/admin/users/%zz", headers: { accept: "text/html" } });
    assert.equal(page.statusCode, 400);
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    assert.match(page.body, /^<!doctype html>\n/);
    assert.match(page.body, new RegExp(errorCodes.invalid_request.en));
    assert.ok(
      lines.some((line) => /"route":"unmatched","status":400/.test(line)),
      "the request log has the line",
    );
  });

  test("a malformed percent-escape or invalid UTF-8 in the query answers 400 invalid_request", async () => {
    for (const query of ["tenant=%zz", "lang=%", "q=%FF", "%E0%A4%A=1"]) {
      await expect({ url: `/sign-in?${query}` }, 400, "invalid_request");
    }
    await expect(
      {
        url: "/api/v1/users?$filter=startswith(userPrincipalName,'50%')",
        headers: { authorization: `Bearer ${adminToken}` },
      },
      400,
      "invalid_request",
    );
  });

  test("a path parameter over 500 characters answers 400; a UPN of 113 characters is found", async () => {
    const upn = `${"a".repeat(64)}@${"b".repeat(44)}.com`;
    assert.equal(upn.length, 113);
    const user = await createUser(t.ctx, testActor, t.tenant, { upn });
    const auth = { authorization: `Bearer ${adminToken}` };
    const found = await server.inject({
      url: `/api/v1/users/${encodeURIComponent(upn)}`,
      headers: auth,
    });
    assert.deepEqual([found.statusCode, found.json().id], [200, user.id]);
    await expect(
      { url: `/api/v1/users/${"a".repeat(501)}`, headers: auth },
      400,
      "invalid_request",
    );
  });

  test("a content type the route does not read, or none, answers 415 unsupported_media_type", async () => {
    const body = JSON.stringify({ upn: "a@example.it", code: "123456" });
    for (const type of ["application/xml", "text/html", "image/png", ""]) {
      await expect(
        validate({ headers: { "content-type": type }, payload: body }),
        415,
        "unsupported_media_type",
      );
    }
    await expect(validate({ payload: body }), 415, "unsupported_media_type");
  });

  test("malformed or empty JSON answers 400 invalid_request", async () => {
    for (const payload of ["{", '{"upn":}', "nul", '{"__proto__":{"x":1}}', ""]) {
      await expect(
        validate({ headers: { "content-type": "application/json" }, payload }),
        400,
        "invalid_request",
      );
    }
  });

  test("a body over the limit answers 413 body_too_large, as JSON or as the error page", async () => {
    await expect(
      validate({
        headers: { "content-type": "application/json" },
        payload: JSON.stringify({ upn: "x".repeat(70_000), code: "1" }),
      }),
      413,
      "body_too_large",
    );
    const page = await server.inject({
      method: "POST",
      url: "/sign-in",
      headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      payload: `upn=${"x".repeat(20_000)}`,
    });
    assert.equal(page.statusCode, 413);
    assert.match(page.body, /^<!doctype html>\n/);
    assert.match(page.body, new RegExp(errorCodes.body_too_large.en));
  });

  test("a body that does not match its Content-Length answers 400 invalid_request", async () => {
    await expect(
      validate({
        headers: { "content-type": "application/json", "content-length": "100" },
        payload: "{}",
      }),
      400,
      "invalid_request",
    );
  });

  test("a query or body the route's schema refuses answers 400 invalid_request", async () => {
    await expect(
      validate({ headers: { "content-type": "application/json" }, payload: '{"upn":5}' }),
      400,
      "invalid_request",
    );
    await expect(
      validate({
        headers: { "content-type": "application/json" },
        payload: { upn: "a@example.it", code: "1", extra: true },
      }),
      400,
      "invalid_request",
    );
  });

  test("a multipart upload without a boundary, or cut short, answers 400 invalid_request", async () => {
    for (const type of ["multipart/form-data", "multipart/form-data; boundary=x"]) {
      await expect(
        {
          method: "POST",
          url: "/admin/tokens/import",
          headers: { "content-type": type },
          payload: '--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc',
        },
        400,
        "invalid_request",
      );
    }
  });

  test("an error keeps Varco's shape on a route whose schema for its status is another", async () => {
    await expect({ method: "POST", url: "/api/v1/test-step" }, 401, "sign_in_expired");
    const page = await server.inject({
      method: "POST",
      url: "/admin/users/x/block",
      headers: { accept: "text/html", "content-type": "application/json" },
      payload: "{",
    });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /^<!doctype html>\n/);
  });

  test("the token endpoint answers each of them in RFC 6749's shape", async () => {
    const token = (options: Omit<InjectOptions, "url" | "method">) =>
      server.inject({ method: "POST", url: "/api/v1/oauth2/token", ...options });
    for (const options of [
      { headers: { "content-type": "application/json" }, payload: "{" },
      { headers: { "content-type": "application/xml" }, payload: "<a/>" },
      {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: `client_id=${"x".repeat(70_000)}`,
      },
      {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "grant_type=client_credentials&grant_type=client_credentials",
      },
      {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "grant_type=client_credentials&client_id=a%00b",
      },
    ]) {
      const answer = await token(options);
      assert.ok([400, 413, 415].includes(answer.statusCode), answer.body);
      assert.equal(answer.headers["cache-control"], "no-store");
      assert.deepEqual(Object.keys(answer.json()).sort(), ["error", "error_description"]);
      assert.equal(answer.json().error, "invalid_request");
    }
  });

  test("an HTTP request Node cannot parse gets Varco's error JSON: 400, or 431 for headers too large", async () => {
    await server.listen({ host: "127.0.0.1", port: 0 });
    const address = server.server.address();
    assert.ok(address && typeof address === "object");
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(address.port, "127.0.0.1", () => socket.end(text));
        let answer = "";
        socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
        socket.on("close", () => resolve(answer));
        socket.on("error", reject);
      });
    const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    for (const request of [
      "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
      "GET /healthz HTTP/1.1\r\nHost: x\r\nUser-Agent: a\u0001b\r\n\r\n",
      "BREW /healthz HTTP/9\r\n\r\n",
    ]) {
      const answer = await raw(request);
      assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.equal(bodyOf(answer).error.code, "invalid_request");
    }
    const tooLarge = await raw(
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
    );
    assert.match(tooLarge, /^HTTP\/1\.1 431 /);
    assert.equal(bodyOf(tooLarge).error.code, "invalid_request");
  });
});
