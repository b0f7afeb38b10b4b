import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type ApiClient,
  authenticateApiKey,
  cachedApiClient,
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
 * It runs before the body is read, so a caller without a key learns nothing but 401. A callback
 * hook: a key the cache vouches for (SQLite, nothing changed since it was read) passes at once.
 */
export function requireApiClient(ctx: Context) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    const presented = presentedKey(request);
    if (!presented) {
      done(unauthorized());
      return;
    }
    const hit = cachedApiClient(ctx, presented);
    if (hit) {
      (request as RequestWithClient).apiClient = hit;
      done();
      return;
    }
    authenticateApiKey(ctx, presented).then((client) => {
      if (client) (request as RequestWithClient).apiClient = client;
      done(client ? undefined : unauthorized());
    }, done);
  };
}

const unauthorized = () => new VarcoError("unauthorized", "a live API key is required");

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
