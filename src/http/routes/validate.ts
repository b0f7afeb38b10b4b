import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { validateSecondFactor } from "../../flows/validate-second-factor.ts";
import { apiClientOf, requireApiClient } from "../api-client-of.ts";
import type { Metrics } from "../metrics.ts";
import { errorSchema } from "../schemas.ts";

const body = {
  type: "object",
  required: ["upn", "code"],
  additionalProperties: false,
  properties: {
    upn: { type: "string", minLength: 1, maxLength: 256, description: "The user's principal name" },
    code: { type: "string", minLength: 1, maxLength: 64, description: "The code the user typed" },
    methodId: {
      type: "string",
      minLength: 1,
      maxLength: 64,
      description: "Check only this method (the OTP entry the user picked)",
    },
  },
} as const;

const response = {
  type: "object",
  required: ["result"],
  properties: {
    result: { type: "string", enum: ["accept", "reject"] },
    methodId: { type: "string", description: "The method that accepted the code" },
  },
} as const;

export function registerValidateRoute(app: FastifyInstance, ctx: Context, metrics: Metrics): void {
  app.post<{ Body: { upn: string; code: string; methodId?: string } }>(
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
        body,
        response: { 200: response, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const outcome = await validateSecondFactor(ctx, apiClientOf(request), {
        upn: request.body.upn,
        code: request.body.code,
        methodId: request.body.methodId,
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
        correlationId: request.id,
      });
      metrics.validateResults.inc({ result: outcome.result, reason: outcome.reason });
      return outcome.result === "accept"
        ? { result: "accept", methodId: outcome.methodId }
        : { result: "reject" };
    },
  );
}
