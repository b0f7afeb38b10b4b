import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// A Basic credential with a bad percent-escape (`%:%`) answered 500. RFC 6749
// section 5.2 says how the token endpoint refuses it (400 invalid_request for a malformed
// request, 401 invalid_client with WWW-Authenticate when Basic authentication failed); section
// 2.3.1 says id and secret are form-encoded in the credential.

for (const kind of databaseKinds) {
  describe(`the token endpoint reads a Basic credential or refuses it per RFC 6749, on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let client: { clientId: string; clientSecret: string };
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      client = await createApiClient(t.ctx, testActor, t.tenant, {
        name: "script",
        roles: ["securityReader"],
      });
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const withAuthorization = (authorization: string, payload = "grant_type=client_credentials") =>
      server.inject({
        method: "POST",
        url: "/api/v1/oauth2/token",
        headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
        payload,
      });
    const withBasic = (credential: string) =>
      withAuthorization(`Basic ${Buffer.from(credential).toString("base64")}`);

    test("a bad percent-escape, no colon, a control character or bad base64 answers 400 invalid_request", async () => {
      const malformed = [
        "%:%",
        `${client.clientId}:%zz`,
        `%E0%A4%A:${client.clientSecret}`,
        client.clientId,
        `${client.clientId}%00:${client.clientSecret}`,
        `${client.clientId}:${client.clientSecret}\u0000`,
        `${client.clientId}:%ED%A0%80`,
        `${client.clientId}:${"x".repeat(201)}`,
      ].map((credential) => `Basic ${Buffer.from(credential).toString("base64")}`);
      malformed.push(
        "Basic !!!!",
        "Basic",
        "Basic a b",
        `Basic ${Buffer.from([0xff, 0x3a, 0xfe]).toString("base64")}`,
      );
      for (const authorization of malformed) {
        const answer = await withAuthorization(authorization);
        assert.equal(answer.headers["cache-control"], "no-store");
        assert.deepEqual(
          [answer.statusCode, answer.json().error],
          [400, "invalid_request"],
          `${authorization}: ${answer.body}`,
        );
      }
    });

    test("a secret both in Basic and in the body answers 400 invalid_request (RFC 6749 section 2.3)", async () => {
      const answer = await withAuthorization(
        `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
        `grant_type=client_credentials&client_secret=${client.clientSecret}`,
      );
      assert.deepEqual([answer.statusCode, answer.json().error], [400, "invalid_request"]);
    });

    test("a readable credential with a wrong secret answers 401 invalid_client with WWW-Authenticate", async () => {
      const answer = await withBasic(`${client.clientId}:wrong-secret`);
      assert.equal(answer.statusCode, 401);
      assert.equal(answer.json().error, "invalid_client");
      assert.equal(answer.headers["www-authenticate"], 'Basic realm="varco"');
    });

    test("no client authentication at all answers 401 invalid_client", async () => {
      const answer = await server.inject({
        method: "POST",
        url: "/api/v1/oauth2/token",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "grant_type=client_credentials",
      });
      assert.deepEqual([answer.statusCode, answer.json().error], [401, "invalid_client"]);
    });

    test("a percent-encoded credential gets a token", async () => {
      const answer = await withBasic(
        `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
      );
      assert.equal(answer.statusCode, 200, answer.body);
      assert.equal(answer.json().token_type, "Bearer");
    });
  });
}
