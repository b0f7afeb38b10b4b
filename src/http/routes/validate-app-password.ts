import { isIP } from "node:net";
import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { verifyAppPassword } from "../../methods/app-password/verify-app-password.ts";
import { apiClientOf, requireApiClient, rereadApiClient } from "../api-client-of.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";

const AppPasswordRequest = Type.Object(
  {
    upn: Type.String({ minLength: 1, maxLength: 256, description: "The user's principal name" }),
    password: Type.String({
      minLength: 1,
      maxLength: 256,
      description: "The app password as the program sent it; spaces and case do not matter",
    }),
    clientIp: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 45,
        description:
          "The address of the program signing in, as the mail server saw it (Dovecot's TCPREMOTEIP): the throttle per address and the sign-in log take it; without it, the caller's address",
      }),
    ),
  },
  { additionalProperties: false },
);

const AppPasswordResult = Type.Object(
  { result: Type.Enum(["accept", "reject"]) },
  { description: "accept, or reject whatever the reason (the sign-in log says which)" },
);

/**
 * `POST /api/v1/validate/app-password`: a mail server (IMAP, SMTP submission) or another gateway
 * checks a user's app password, authenticated with an API key as for /api/v1/validate.
 */
export function registerValidateAppPasswordRoute(app: ContractApp, ctx: Context): void {
  app.post(
    "/api/v1/validate/app-password",
    {
      onRequest: requireApiClient(ctx),
      schema: {
        summary: "Check a user's app password",
        description:
          "For programs that cannot do MFA (app passwords), through the mail server or gateway they sign in to. " +
          "Every kind of rejection (unknown user, wrong or deleted app password, blocked or disabled user, app passwords " +
          "not allowed by the tenant, too many attempts) gets the same answer; the reason is written to the sign-in log.",
        tags: ["validate"],
        security: [{ apiKey: [] }],
        body: AppPasswordRequest,
        response: { 200: AppPasswordResult, ...errorResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const { upn, password, clientIp } = request.body;
      if (clientIp !== undefined && isIP(clientIp) === 0)
        throw new VarcoError("invalid_request", "clientIp is an IPv4 or IPv6 address");
      const outcome = await verifyAppPassword(
        ctx,
        apiClientOf(request),
        {
          upn,
          password,
          ip: clientIp ?? request.ip,
          userAgent: request.headers["user-agent"] ?? null,
          correlationId: request.id,
        },
        () => rereadApiClient(ctx, request),
      );
      return { result: outcome.result };
    },
  );
}
