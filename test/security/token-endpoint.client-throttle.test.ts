import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { revokeApiClient } from "../../src/api-clients/revoke-api-client.ts";
import { adminClient, requestToken } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// Failed client authentications at /api/v1/oauth2/token were neither
// throttled nor logged. They are throttled as passwords are (10 per client id, known or not,
// and 100 per address, in 15 minutes; the 11th is refused unchecked with 429 and Retry-After),
// and every one is written to the sign-in log as the client's, never with its secret.

const fromAddress = (server: FastifyInstance, ip: string, clientId: string, secret: string) =>
  server.inject({
    method: "POST",
    url: "/api/v1/oauth2/token",
    remoteAddress: ip,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: secret,
    }).toString(),
  });

for (const kind of databaseKinds) {
  describe(`client authentication at the token endpoint is throttled and logged, on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test("the 11th wrong secret of a client is refused unchecked with 429 and Retry-After, even with the right secret; 15 minutes later it gets a token", async () => {
      const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
        name: "guessed",
        roles: ["securityReader"],
      });
      for (let i = 1; i <= 10; i++) {
        const answer = await fromAddress(server, `192.0.2.${i}`, clientId, `wrong-${i}`);
        assert.deepEqual(
          [answer.statusCode, answer.json().error],
          [401, "invalid_client"],
          `#${i}`,
        );
      }
      const throttled = await fromAddress(server, "192.0.2.11", clientId, clientSecret);
      assert.equal(throttled.statusCode, 429, throttled.body);
      assert.equal(throttled.json().error, "invalid_client");
      assert.equal(throttled.headers["cache-control"], "no-store");
      const retryAfter = Number(throttled.headers["retry-after"]);
      assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${retryAfter}`);

      t.clock.advance(retryAfter * 1000);
      const later = await fromAddress(server, "192.0.2.11", clientId, clientSecret);
      assert.equal(later.statusCode, 200, later.body);
    });

    test("an unknown client id is throttled the same, so the limit tells no client apart", async () => {
      const unknown = "00000000-0000-4000-8000-00000000abcd";
      for (let i = 1; i <= 10; i++) {
        assert.equal((await fromAddress(server, `198.51.100.${i}`, unknown, "x")).statusCode, 401);
      }
      assert.equal((await fromAddress(server, "198.51.100.11", unknown, "x")).statusCode, 429);
    });

    test("a right secret starts the client's count afresh", async () => {
      const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
        name: "forgetful",
        roles: ["securityReader"],
      });
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 9; i++) {
          assert.equal((await fromAddress(server, "203.0.113.7", clientId, "no")).statusCode, 401);
        }
        assert.equal(
          (await fromAddress(server, "203.0.113.7", clientId, clientSecret)).statusCode,
          200,
        );
      }
    });

    test("one address guessing many clients: the 101st failure in 15 minutes is refused", async () => {
      const ip = "203.0.113.200";
      for (let i = 0; i < 100; i++) {
        const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        assert.equal((await fromAddress(server, ip, id, "guess")).statusCode, 401, `#${i + 1}`);
      }
      const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
        name: "neighbour",
        roles: ["securityReader"],
      });
      assert.equal((await fromAddress(server, ip, clientId, clientSecret)).statusCode, 429);
      assert.equal(
        (await fromAddress(server, "203.0.113.201", clientId, clientSecret)).statusCode,
        200,
        "another address is not held back",
      );
    });

    test("every failure is in the sign-in log as the client's, with why, and never its secret", async () => {
      const reader = await adminClient(t, server, ["securityReader"]);
      const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
        name: "logged",
        roles: ["securityReader"],
      });
      const wrongSecret = "wrong-secret-never-logged";
      assert.equal(
        (await fromAddress(server, "192.0.2.50", clientId, wrongSecret)).statusCode,
        401,
      );
      assert.equal((await requestToken(server, clientId, clientSecret)).status, 200);
      await revokeApiClient(t.ctx, testActor, t.tenant, clientId);
      assert.equal((await requestToken(server, clientId, clientSecret)).status, 401);
      const unknown = "00000000-0000-4000-8000-0000000f00d5";
      assert.equal((await fromAddress(server, "192.0.2.51", unknown, wrongSecret)).statusCode, 401);

      const entriesOf = async (id: string) => {
        const filter = encodeURIComponent(`userPrincipalName eq '${id}'`);
        const answer = await reader.call("GET", `/api/v1/auditLogs/signIns?$filter=${filter}`);
        assert.equal(answer.status, 200, answer.body);
        assert.ok(!answer.body.includes(wrongSecret) && !answer.body.includes(clientSecret));
        return (answer.json().value as Record<string, unknown>[]).reverse();
      };
      const logged = await entriesOf(clientId);
      assert.deepEqual(
        logged.map((e) => [e.result, e.reason, e.clientAppUsed, e.userId, e.ipAddress]),
        [
          ["failure", "invalid_client_secret", "api", null, "192.0.2.50"],
          ["success", "success", "api", null, "127.0.0.1"],
          ["failure", "client_revoked", "api", null, "127.0.0.1"],
        ],
      );
      assert.deepEqual(
        (await entriesOf(unknown)).map((e) => [e.result, e.reason, e.ipAddress]),
        [["failure", "client_not_found", "192.0.2.51"]],
        "an id that names no client: in the default tenant's log",
      );

      // Throttled attempts are written too, as the client's: the revoked one and 9 more fail,
      // the next is refused unchecked.
      for (let i = 0; i < 10; i++) await fromAddress(server, "192.0.2.52", clientId, wrongSecret);
      const reasons = (await entriesOf(clientId)).map((e) => e.reason);
      assert.deepEqual(reasons.slice(-2), ["invalid_client_secret", "throttled"]);
    });
  });
}
