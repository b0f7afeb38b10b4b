import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { validateSecondFactor } from "../../flows/validate-second-factor.ts";
import { apiClientOf, requireApiClient, rereadApiClient } from "../api-client-of.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import type { Metrics } from "../metrics.ts";

const ValidateRequest = Type.Object(
  {
    upn: Type.String({ minLength: 1, maxLength: 256, description: "The user's principal name" }),
    code: Type.String({ minLength: 1, maxLength: 64, description: "The code the user typed" }),
    methodId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: "Check only this method (the OTP entry the user picked)",
      }),
    ),
  },
  { additionalProperties: false },
);

const ValidateResult = Type.Object(
  {
    result: Type.Enum(["accept", "reject"]),
    methodId: Type.Optional(Type.String({ description: "The method that accepted the code" })),
  },
  { description: "accept, with the method; or reject, whatever the reason" },
);

export function registerValidateRoute(app: ContractApp, ctx: Context, metrics: Metrics): void {
  app.post(
    "/api/v1/validate",
    {
      onRequest: requireApiClient(ctx),
      schema: {
        summary: "Check a user's second factor",
        description:
          "Accepts a code once. Every kind of rejection (unknown user, no method, wrong or reused code) " +
          "gets the same answer; the reason is written to the sign-in log.",
        tags: ["validate"],
        security: [{ apiKey: [] }],
        body: ValidateRequest,
        response: { 200: ValidateResult, ...errorResponses(400, 401, 413, 415) },
      },
    },
    async (request) => {
      const outcome = await validateSecondFactor(
        ctx,
        apiClientOf(request),
        {
          upn: request.body.upn,
          code: request.body.code,
          methodId: request.body.methodId,
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
          correlationId: request.id,
        },
        () => rereadApiClient(ctx, request),
      );
      metrics.countValidate(outcome.result, outcome.reason);
      return outcome.result === "accept"
        ? { result: "accept" as const, methodId: outcome.methodId }
        : { result: "reject" as const };
    },
  );
}
