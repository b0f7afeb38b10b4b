import type { FastifyInstance } from "fastify";
import { issueAccessToken } from "../../api-clients/access-token.ts";
import { authenticateApiClient } from "../../api-clients/authenticate-api-client.ts";
import type { Context } from "../../context.ts";
import { touchApiClient } from "../../store/queries/api-clients.ts";
import { hasControlCharacter } from "../control-characters.ts";

type TokenRequest = Partial<Record<string, string>>;

/**
 * OAuth 2.0 client credentials (RFC 6749 section 4.4): client id and secret, in the form body or
 * as HTTP Basic, for an access token carrying the client's roles. Errors follow section 5.2.
 */
export function registerTokenRoute(app: FastifyInstance, ctx: Context): void {
  app.post<{ Body: TokenRequest }>(
    "/api/v1/oauth2/token",
    {
      schema: {
        summary: "Trade an API client's id and secret for an access token (client credentials)",
        tags: ["admin"],
        body: {
          type: "object",
          properties: {
            grant_type: { type: "string", maxLength: 64 },
            client_id: { type: "string", maxLength: 200 },
            client_secret: { type: "string", maxLength: 200 },
            scope: { type: "string", maxLength: 1000 },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              access_token: { type: "string" },
              token_type: { type: "string", enum: ["Bearer"] },
              expires_in: { type: "integer" },
            },
          },
          "4xx": {
            type: "object",
            properties: { error: { type: "string" }, error_description: { type: "string" } },
          },
        },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      const body = request.body ?? {};
      if (body.grant_type !== "client_credentials") {
        return reply.status(400).send({
          error: "unsupported_grant_type",
          error_description: "only client_credentials is supported",
        });
      }
      const basic = /^Basic (\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
      const credential = basic === undefined ? undefined : readBasicCredential(basic);
      if (credential === null) {
        return reply.status(400).send({
          error: "invalid_request",
          error_description:
            "the Basic credential is not client_id:client_secret, each percent-encoded (RFC 6749 section 2.3.1)",
        });
      }
      const clientId = credential?.id ?? body.client_id ?? "";
      const secret = credential?.secret ?? body.client_secret ?? "";
      const client = await authenticateApiClient(ctx, clientId, secret);
      if (!client) {
        if (basic) reply.header("www-authenticate", 'Basic realm="varco"');
        return reply
          .status(401)
          .send({ error: "invalid_client", error_description: "unknown client or wrong secret" });
      }
      await touchApiClient(ctx.store.db, client.id, ctx.now());
      const { accessToken, expiresIn } = issueAccessToken(ctx, client, client.roles);
      return { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn };
    },
  );
}

/**
 * The client id and secret of an HTTP Basic credential (RFC 7617 `user-id ":" password`, each
 * percent-encoded per RFC 6749 section 2.3.1), or null when it cannot be read: no colon, a
 * malformed percent-escape, or a control character once decoded.
 */
function readBasicCredential(basic: string): { id: string; secret: string } | null {
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  try {
    const id = decodeURIComponent(decoded.slice(0, colon));
    const secret = decodeURIComponent(decoded.slice(colon + 1));
    return hasControlCharacter(id) || hasControlCharacter(secret) ? null : { id, secret };
  } catch {
    return null;
  }
}
