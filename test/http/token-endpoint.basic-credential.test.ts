import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { buildServer } from "../../src/http/build-server.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Issue "One sign-in machine … with one contract per route", "Bad input, everywhere": a Basic
// credential with a bad percent-escape (`%:%`) answered 500. RFC 6749 section 5.2 says how the
// token endpoint refuses it; section 2.3.1 says id and secret are form-encoded in the credential.

describe("the token endpoint reads a Basic credential or refuses it per RFC 6749", () => {
  let t: TestApp;
  let server: FastifyInstance;
  let client: { clientId: string; clientSecret: string };
  before(async () => {
    t = await openTestApp("postgres");
    server = await buildServer(t.ctx, { logLevel: "silent" });
    client = await createApiClient(t.ctx, testActor, t.tenant, {
      name: "script",
      roles: ["securityReader"],
    });
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  const withBasic = (credential: string) =>
    server.inject({
      method: "POST",
      url: "/api/v1/oauth2/token",
      headers: {
        authorization: `Basic ${Buffer.from(credential).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: "grant_type=client_credentials",
    });

  test("a bad percent-escape, no colon or a control character answers 400 or 401, not 500", async () => {
    for (const credential of [
      "%:%",
      `${client.clientId}:%zz`,
      `%E0%A4%A:${client.clientSecret}`,
      client.clientId,
      `${client.clientId}%00:${client.clientSecret}`,
      `${client.clientId}:${client.clientSecret}\u0000`,
    ]) {
      const answer = await withBasic(credential);
      assert.equal(answer.headers["cache-control"], "no-store");
      // RFC 6749 section 5.2: a malformed request, or client authentication that failed.
      const { error } = answer.json();
      assert.ok(
        (answer.statusCode === 400 && error === "invalid_request") ||
          (answer.statusCode === 401 &&
            error === "invalid_client" &&
            answer.headers["www-authenticate"] === 'Basic realm="varco"'),
        `${credential}: ${answer.statusCode} ${answer.body}`,
      );
    }
  });

  test("a readable credential of an unknown client answers 401 invalid_client with WWW-Authenticate", async () => {
    const answer = await withBasic(`${client.clientId}:wrong-secret`);
    assert.equal(answer.statusCode, 401);
    assert.equal(answer.json().error, "invalid_client");
    assert.equal(answer.headers["www-authenticate"], 'Basic realm="varco"');
  });

  test("a percent-encoded credential gets a token", async () => {
    const answer = await withBasic(
      `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
    );
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.json().token_type, "Bearer");
  });
});
