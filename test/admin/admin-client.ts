import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import type { Role } from "../../src/roles/roles.ts";
import type { TestApp } from "../support/test-app.ts";
import { testActor } from "../support/test-app.ts";

export type AdminClient = {
  readonly clientId: string;
  readonly token: string;
  call(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    body?: object | { csv: string },
  ): Promise<{ status: number; json: () => Record<string, unknown>; body: string }>;
};

/** The client credentials grant as a script does it: form body, then the bearer token. */
export async function requestToken(
  server: FastifyInstance,
  clientId: string,
  clientSecret: string,
): Promise<{ status: number; json: () => Record<string, unknown> }> {
  const response = await server.inject({
    method: "POST",
    url: "/api/v1/oauth2/token",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  });
  return { status: response.statusCode, json: () => response.json() };
}

/** An API client holding `roles`, with a token from the token endpoint. */
export async function adminClient(
  t: TestApp,
  server: FastifyInstance,
  roles: readonly Role[],
): Promise<AdminClient> {
  const { clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
    name: `client-${roles.join("-")}`,
    roles,
  });
  const granted = await requestToken(server, clientId, clientSecret);
  assert.equal(granted.status, 200);
  const token = granted.json().access_token as string;
  return {
    clientId,
    token,
    async call(method, url, body) {
      const csv = body && "csv" in body ? (body.csv as string) : undefined;
      const response = await server.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(csv === undefined ? {} : { "content-type": "text/csv" }),
        },
        ...(csv !== undefined ? { payload: csv } : body ? { payload: body } : {}),
      });
      return { status: response.statusCode, json: () => response.json(), body: response.body };
    },
  };
}
