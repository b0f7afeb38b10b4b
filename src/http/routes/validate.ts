import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { triggerValidateChallenge } from "../../flows/trigger-validate-challenge.ts";
import { validateChallengeCall } from "../../flows/validate-challenge-call.ts";
import { validateChallengeCode } from "../../flows/validate-challenge-code.ts";
import { validateSecondFactor } from "../../flows/validate-second-factor.ts";
import { apiClientOf, requireApiClient, rereadApiClient } from "../api-client-of.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import type { Metrics } from "../metrics.ts";

export const ValidateRequest = Type.Object(
  {
    upn: Type.String({ minLength: 1, maxLength: 256, description: "The user's principal name" }),
    code: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "The code the user typed. Without it (challenge mode), a code is sent by SMS to the user's mobile (or the phone is called, with channel voice) and the answer is a transactionId",
      }),
    ),
    transactionId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "With the code sent by SMS: the transactionId of the call that sent it; alone, for a challenge by phone call: whether the call was approved with #",
      }),
    ),
    channel: Type.Optional(
      Type.Enum(["sms", "voice"], {
        description: "Challenge mode: a code by SMS (the default), or a call that asks to press #",
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

export const ValidateResult = Type.Object(
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
      const { upn, code, transactionId, channel } = request.body;
      const client = apiClientOf(request);
      const who = {
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
        correlationId: request.id,
      };
      if (code === undefined && transactionId !== undefined) {
        if (channel !== undefined)
          throw new VarcoError("invalid_request", "a challenge's second call names no channel");
        const outcome = await validateChallengeCall(ctx, client, { upn, transactionId, ...who });
        metrics.countValidate(outcome.result, outcome.reason);
        return { result: outcome.result };
      }
      if (code === undefined) {
        const challenge = await triggerValidateChallenge(ctx, client, {
          upn,
          channel: channel ?? "sms",
          ...who,
          onSendFailure: (err) => request.log.error({ err }, "challenge message not recorded"),
        });
        metrics.countValidate("challenge", challenge.reason);
        return { result: "challenge" as const, transactionId: challenge.transactionId };
      }
      if (channel !== undefined)
        throw new VarcoError("invalid_request", "a channel is chosen by a call without a code");
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
