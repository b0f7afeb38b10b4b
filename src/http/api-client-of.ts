import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  type ApiClient,
  authenticateApiKey,
  rereadApiKey,
} from "../api-keys/authenticate-api-key.ts";
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
    const presented = presentedKey(request);
    const client = presented ? await authenticateApiKey(ctx, presented) : undefined;
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

/**
 * The request's API key read again from the database, for a flow that found the cached one no
 * longer confirmed (see authenticate-api-key.ts); undefined when it is not live.
 */
export async function rereadApiClient(
  ctx: Context,
  request: FastifyRequest,
): Promise<ApiClient | undefined> {
  const presented = presentedKey(request);
  const client = presented ? await rereadApiKey(ctx, presented) : undefined;
  (request as RequestWithClient).apiClient = client ?? null;
  return client;
}

const presentedKey = (request: FastifyRequest) =>
  /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
