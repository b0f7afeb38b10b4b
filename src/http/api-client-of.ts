import type { FastifyInstance, FastifyRequest } from "fastify";
import { type ApiClient, authenticateApiKey } from "../api-keys/authenticate-api-key.ts";
import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";

type RequestWithClient = FastifyRequest & { apiClient: ApiClient | null };

export function decorateApiClient(app: FastifyInstance): void {
  app.decorateRequest("apiClient", null);
}

/**
 * An onRequest hook: the request must carry `Authorization: Bearer <API key>` of a live key.
 * It runs before the body is read, so a caller without a key learns nothing but 401.
 */
export function requireApiClient(ctx: Context) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "");
    const client = match?.[1] ? await authenticateApiKey(ctx, match[1]) : undefined;
    if (!client) throw new VarcoError("unauthorized", "a live API key is required");
    (request as RequestWithClient).apiClient = client;
  };
}

/** The API client that requireApiClient authenticated for this request. */
export function apiClientOf(request: FastifyRequest): ApiClient {
  const client = (request as RequestWithClient).apiClient;
  if (!client) throw new VarcoError("unauthorized", "a live API key is required");
  return client;
}
