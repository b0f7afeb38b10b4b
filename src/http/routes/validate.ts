import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { triggerValidateChallenge } from "../../flows/trigger-validate-challenge.ts";
import { validateChallengeCode } from "../../flows/validate-challenge-code.ts";
import { validateSecondFactor } from "../../flows/validate-second-factor.ts";
import { apiClientOf, requireApiClient, rereadApiClient } from "../api-client-of.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import type { Metrics } from "../metrics.ts";

const ValidateRequest = Type.Object(
  {
    upn: Type.String({ minLength: 1, maxLength: 256, description: "The user's principal name" }),
    code: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "The code the user typed. Without it (challenge mode), a code is sent by SMS to the user's mobile and the answer is a transactionId",
      }),
    ),
    transactionId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: "With the code sent by SMS: the transactionId of the call that sent it",
      }),
    ),
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
    result: Type.Enum(["accept", "reject", "challenge"]),
    methodId: Type.Optional(Type.String({ description: "The method that accepted the code" })),
    transactionId: Type.Optional(
      Type.String({ description: "With challenge: send it back with the code that came by SMS" }),
    ),
  },
  {
    description:
      "accept, with the method; reject, whatever the reason; or, for a call without a code, challenge with a transactionId (the same answer whether or not a code was sent)",
  },
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
      const { upn, code, transactionId } = request.body;
      const client = apiClientOf(request);
      const who = {
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
        correlationId: request.id,
      };
      if (code === undefined) {
        if (transactionId !== undefined)
          throw new VarcoError("invalid_request", "a transactionId comes with a code");
        const challenge = await triggerValidateChallenge(ctx, client, {
          upn,
          ...who,
          onSendFailure: (err) => request.log.error({ err }, "challenge SMS not recorded"),
        });
        metrics.countValidate("challenge", challenge.reason);
        return { result: "challenge" as const, transactionId: challenge.transactionId };
      }
      if (transactionId !== undefined) {
        const outcome = await validateChallengeCode(ctx, client, {
          upn,
          code,
          transactionId,
          ...who,
        });
        metrics.countValidate(outcome.result, outcome.reason);
        return outcome.result === "accept"
          ? { result: "accept" as const }
          : { result: "reject" as const };
      }
      const outcome = await validateSecondFactor(
        ctx,
        client,
        {
          upn,
          code,
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
