import type { FastifyInstance } from "fastify";
import { authenticateApiClient } from "../../api-clients/authenticate-api-client.ts";
import { issueAccessToken } from "../../api-clients/issue-access-token.ts";
import type { Context } from "../../context.ts";
import { touchApiClient } from "../../store/queries/api-clients.ts";

type TokenRequest = Partial<Record<string, string>>;

/**
 * OAuth 2.0 client credentials (RFC 6749 section 4.4): client id and secret, in the form body or
 * as HTTP Basic, for a one-hour access token (issueAccessToken). Errors follow section 5.2.
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
      const [basicId, basicSecret] = basic
        ? Buffer.from(basic, "base64").toString("utf8").split(":", 2).map(decodeURIComponent)
        : [];
      const clientId = basicId ?? body.client_id ?? "";
      const secret = basicSecret ?? body.client_secret ?? "";
      const client = await authenticateApiClient(ctx, clientId, secret);
      if (!client) {
        if (basic) reply.header("www-authenticate", 'Basic realm="varco"');
        return reply
          .status(401)
          .send({ error: "invalid_client", error_description: "unknown client or wrong secret" });
      }
      await touchApiClient(ctx.store.db, client.id, ctx.now());
      const { accessToken, expiresIn } = await issueAccessToken(ctx, client);
      return { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn };
    },
  );
}
