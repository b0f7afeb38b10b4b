import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import type { Role } from "../../src/roles/roles.ts";
import { databaseKinds } from "../support/databases.ts";
import { type OpenApiDocument, openApiChecker } from "../support/openapi-checker.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";
import { driveAppPasswordApi } from "./openapi-contract-app-password-calls.ts";
import { contractMetricsToken, driveAdminApi } from "./openapi-contract-calls.ts";
import { drivePasskeyApi } from "./openapi-contract-passkey-calls.ts";
import { drivePasswordResetApi } from "./openapi-contract-password-reset-calls.ts";
import { driveSecurityQuestionsApi } from "./openapi-contract-security-questions-calls.ts";
import { driveSignInApi } from "./openapi-contract-sign-in-calls.ts";

const contractOrigin = "https://mfa.example.it";

// Graph's actions that take no body.
const bodiless = new Set([
  "POST /api/v1/users/{id}/revokeSignInSessions",
  "POST /api/v1/users/{id}/unlock",
]);

for (const kind of databaseKinds) {
  describe(`the OpenAPI document on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let document: OpenApiDocument;
    before(async () => {
      t = await openTestApp(kind);
      // Served at an https:// name, so that passkeys are offered and their operations answer.
      server = await buildTestServer(
        { ...t.ctx, relyingParty: { id: "mfa.example.it", origin: contractOrigin } },
        { metricsToken: contractMetricsToken },
      );
      const served = await server.inject({ url: "/api/v1/openapi.json" });
      assert.equal(served.statusCode, 200);
      document = served.json();
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const operations = () =>
      Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({
          key: `${method.toUpperCase()} ${path}`,
          path,
          operation,
        })),
      );

    test("every JSON operation states its request and a response schema for each status", () => {
      const checked = operations();
      assert.ok(checked.length >= 37, `${checked.length} operations`);
      for (const { key, path, operation } of checked) {
        const statuses = Object.keys(operation.responses);
        assert.ok(
          statuses.some((s) => s.startsWith("2")),
          `${key} states its success`,
        );
        for (const [status, response] of Object.entries(operation.responses)) {
          assert.ok(response.description, `${key} ${status} has a description`);
          if (status === "204" || status === "202") {
            assert.equal(response.content, undefined, `${key} ${status} has no body`);
            continue;
          }
          const media = Object.entries(response.content ?? {});
          assert.ok(media.length > 0, `${key} ${status} states its body`);
          for (const [type, { schema }] of media) {
            assert.ok(schema && Object.keys(schema).length > 0, `${key} ${status} ${type} schema`);
          }
        }
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          assert.ok(
            operation.parameters?.some((p) => p.in === "path" && p.name === name && p.schema),
            `${key} states its parameter ${name}`,
          );
        }
        const [method] = key.split(" ");
        if (method === "GET" || method === "DELETE" || bodiless.has(key)) {
          assert.equal(operation.requestBody, undefined, `${key} takes no body`);
        } else {
          const bodies = Object.values(operation.requestBody?.content ?? {});
          assert.ok(bodies.length > 0 && bodies.every((b) => b.schema), `${key} states its body`);
        }
        const wanted = [
          ...(operation.requestBody || bodiless.has(key) ? ["400", "413", "415"] : []),
          ...(operation.parameters?.some((p) => p.in === "query") ? ["400"] : []),
          ...(operation.security?.length ? ["401", "500"] : []),
          ...(operation.security?.some((s) => "adminToken" in s) ? ["403"] : []),
        ];
        for (const status of wanted) {
          assert.ok(statuses.includes(status), `${key} states ${status}`);
        }
      }
      const upload =
        document.paths["/api/v1/directory/authenticationMethodDevices/hardwareOathDevices/import"]
          ?.post?.requestBody?.content;
      assert.deepEqual(Object.keys(upload ?? {}), ["text/csv"]);
      const token = document.paths["/api/v1/oauth2/token"]?.post?.requestBody?.content;
      assert.ok(token?.["application/x-www-form-urlencoded"]?.schema);
      assert.ok(document.components?.schemas?.Error, "the error body, stated once");
      assert.equal(
        document.paths["/sign-in"],
        undefined,
        "the pages are not in the document of the API",
      );
    });

    test("each operation answers as the document says, happy path and main errors", async () => {
      const checker = openApiChecker(document);
      const tokenFor = async (roles: readonly Role[]) => {
        const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
          name: `contract-${roles.join("-")}`,
          roles,
        });
        const granted = await server.inject({
          method: "POST",
          url: "/api/v1/oauth2/token",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          payload: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: clientId,
            client_secret: clientSecret,
          }).toString(),
        });
        checker.check("POST /api/v1/oauth2/token", granted);
        return { clientId, clientSecret, token: granted.json().access_token as string };
      };
      const { key: apiKey } = await createApiKey(t.ctx, testActor, t.tenant, { name: "vpn" });
      await driveAdminApi({ t, server, checker, tokenFor, apiKey });
      await driveSignInApi({ t, server, checker });
      await drivePasskeyApi({ t, server, checker, origin: contractOrigin });
      await driveSecurityQuestionsApi({ t, server, checker, tokenFor });
      await drivePasswordResetApi({ t, server, checker, tokenFor });
      await driveAppPasswordApi({ t, server, checker, tokenFor, apiKey });

      const untried = operations().flatMap(({ key }) => {
        const statuses = [...(checker.seen.get(key) ?? [])];
        const missing = [];
        if (!statuses.some((s) => s < 300)) missing.push(`${key}: no success`);
        const isOperations = !key.includes("/api/") || key.endsWith("openapi.json");
        if (!isOperations && !statuses.some((s) => s >= 400)) missing.push(`${key}: no error`);
        return missing;
      });
      assert.deepEqual(untried, [], "every operation called, with its success and an error");
    });
  });
}
