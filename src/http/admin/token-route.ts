import type { FastifyError } from "fastify";
import { type Static, Type } from "typebox";
import { grantClientCredentials } from "../../api-clients/grant-client-credentials.ts";
import type { Context } from "../../context.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { readBasicCredential } from "./basic-credential.ts";

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
 * as HTTP Basic, for a one-hour access token (grantClientCredentials). Errors follow section 5.2,
 * those of the request's shape too; failed authentications are throttled as passwords are, and
 * answered 429 with Retry-After once over the limit.
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
          400: oauthError(
            "unsupported_grant_type, or invalid_request for a malformed request: a Basic credential that is not a form-encoded id and secret, or a secret both in Basic and in the body",
          ),
          401: oauthError(
            "invalid_client: no client authentication, unknown client, wrong secret or revoked client; WWW-Authenticate: Basic when Basic was used",
          ),
          413: oauthError("invalid_request: the body is too large"),
          415: oauthError("invalid_request: the body is neither a form nor JSON"),
          429: oauthError(
            "invalid_client: too many failed authentications of this client id (10) or from this address (100) in 15 minutes, the secret not checked; Retry-After gives the seconds to wait",
          ),
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
      const credentials = clientCredentialsOf(request.headers.authorization, body);
      if (credentials === "malformed" || credentials === "twice") {
        return reply.status(400).send({
          error: "invalid_request",
          error_description:
            credentials === "twice"
              ? "authenticate the client one way: HTTP Basic or the form body, not both"
              : "the Basic credential is not a form-encoded client id and secret",
        });
      }
      const refused = () => {
        if (credentials?.basic) reply.header("www-authenticate", 'Basic realm="varco"');
        return reply
          .status(401)
          .send({ error: "invalid_client", error_description: "unknown client or wrong secret" });
      };
      // No client authentication at all: nothing was guessed, so nothing is counted.
      if (!credentials) return refused();
      const outcome = await grantClientCredentials(ctx, {
        clientId: credentials.id,
        secret: credentials.secret,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
        correlationId: request.id,
      });
      if (outcome.kind === "refused") return refused();
      if (outcome.kind === "throttled") {
        const seconds = Math.max(1, Math.ceil((outcome.retryAt - ctx.now()) / 1000));
        return reply
          .status(429)
          .header("retry-after", String(seconds))
          .send({
            error: "invalid_client",
            error_description: `too many failed client authentications: try again in ${seconds} seconds`,
          });
      }
      return {
        access_token: outcome.accessToken,
        token_type: "Bearer" as const,
        expires_in: outcome.expiresIn,
      };
    },
  );
}

/**
 * The client's id and secret, from HTTP Basic or the form body (RFC 6749 section 2.3.1); null
 * when neither names a client; "malformed" for a Basic credential that cannot be read, "twice"
 * when both carry a secret (section 2.3: one method per request).
 */
function clientCredentialsOf(
  authorization: string | undefined,
  body: Static<typeof TokenRequest>,
): { id: string; secret: string; basic: boolean } | null | "malformed" | "twice" {
  if (authorization !== undefined && /^Basic(\s|$)/i.test(authorization)) {
    const encoded = /^Basic +(\S+)$/i.exec(authorization)?.[1];
    const basic = encoded === undefined ? "malformed" : readBasicCredential(encoded);
    if (basic === "malformed") return basic;
    if (body.client_secret !== undefined) return "twice";
    return { ...basic, basic: true };
  }
  if (body.client_id === undefined) return null;
  return { id: body.client_id, secret: body.client_secret ?? "", basic: false };
}
