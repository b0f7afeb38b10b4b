import type { FastifyInstance } from "fastify";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import type { Context } from "../../src/context.ts";
import { buildTestServer, type TestApp, testActor } from "./test-app.ts";

export type ValidateClient = {
  readonly server: FastifyInstance;
  readonly key: string;
  validate(
    body: Record<string, unknown>,
    key?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
};

/** A server on `ctx` (default: the test app's) and an API key of the test tenant. */
export async function validateClient(
  t: TestApp,
  ctx: Context = t.ctx,
  key?: string,
): Promise<ValidateClient> {
  const server = await buildTestServer(ctx);
  const apiKey = key ?? (await createApiKey(t.ctx, testActor, t.tenant, { name: "vpn" })).key;
  return {
    server,
    key: apiKey,
    async validate(body, useKey = apiKey) {
      const response = await server.inject({
        method: "POST",
        url: "/api/v1/validate",
        headers: { authorization: `Bearer ${useKey}`, "user-agent": "test-vpn/1.0" },
        payload: body,
      });
      return { status: response.statusCode, body: response.json() };
    },
  };
}
