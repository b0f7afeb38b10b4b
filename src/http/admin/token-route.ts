import type { FastifyError } from "fastify";
import { type Static, Type } from "typebox";
import { authenticateApiClient } from "../../api-clients/authenticate-api-client.ts";
import { issueAccessToken } from "../../api-clients/issue-access-token.ts";
import type { Context } from "../../context.ts";
import { touchApiClient } from "../../store/queries/api-clients.ts";
import type { ContractApp } from "../contracts/contract-app.ts";

const TokenRequest = Type.Object({
  grant_type: Type.String({ maxLength: 64, description: "client_credentials" }),
  client_id: Type.Optional(
    Type.String({ maxLength: 200, description: "Or as the user name of HTTP Basic" }),
  ),
  client_secret: Type.Optional(
    Type.String({ maxLength: 200, description: "Or as the password of HTTP Basic" }),
  ),
  scope: Type.Optional(Type.String({ maxLength: 1000, description: "Ignored: roles decide" })),
});

const AccessToken = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal("Bearer"),
    expires_in: Type.Integer({ description: "Seconds" }),
  },
  { description: "A bearer token for the admin API, carrying the client's roles" },
);

/** RFC 6749 section 5.2: the token endpoint's error answer. */
const OAuthError = Type.Object({
  error: Type.Enum([
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
    "server_error",
  ]),
  error_description: Type.Optional(Type.String()),
});
type OAuthError = Static<typeof OAuthError>;

const oauthError = (description: string) => Type.With(OAuthError, { description });

/**
 * OAuth 2.0 client credentials (RFC 6749 section 4.4): client id and secret, in the form body or
 * as HTTP Basic, for a one-hour access token (issueAccessToken). Errors follow section 5.2,
 * those of the request's shape too.
 */
export function registerTokenRoute(app: ContractApp, ctx: Context): void {
  app.post(
    "/api/v1/oauth2/token",
    {
      schema: {
        summary: "Trade an API client's id and secret for an access token (client credentials)",
        tags: ["oauth2"],
        consumes: ["application/x-www-form-urlencoded", "application/json"],
        body: TokenRequest,
        response: {
          200: AccessToken,
          400: oauthError("unsupported_grant_type, or invalid_request for a malformed request"),
          401: oauthError("invalid_client: unknown client, wrong secret or revoked client"),
          413: oauthError("invalid_request: the body is too large"),
          415: oauthError("invalid_request: the body is neither a form nor JSON"),
          500: oauthError("server_error"),
        },
      },
      errorHandler: (error: FastifyError, request, reply) => {
        const status =
          error.statusCode === 413 || error.statusCode === 415
            ? error.statusCode
            : error.statusCode && error.statusCode < 500
              ? 400
              : 500;
        if (status === 500) request.log.error({ err: error }, "token endpoint error");
        const body: OAuthError =
          status === 500
            ? { error: "server_error", error_description: "something went wrong" }
            : { error: "invalid_request", error_description: error.message };
        return reply.header("cache-control", "no-store").status(status).send(body);
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      const body = request.body;
      if (body.grant_type !== "client_credentials") {
        return reply.status(400).send({
          error: "unsupported_grant_type",
          error_description: "only client_credentials is supported",
        });
      }
      const basic = /^Basic (\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
      const [basicId, basicSecret] = basic ? basicCredentials(basic) : [];
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
      return { access_token: accessToken, token_type: "Bearer" as const, expires_in: expiresIn };
    },
  );
}

/** HTTP Basic's id and secret (RFC 6749 section 2.3.1: each form-encoded); none when malformed. */
function basicCredentials(encoded: string): string[] {
  try {
    return Buffer.from(encoded, "base64").toString("utf8").split(":", 2).map(decodeURIComponent);
  } catch {
    return ["", ""];
  }
}
