import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { randomToken } from "../../crypto/random.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { SignInEvent } from "../../sign-in/events/event.ts";
import {
  passkeyOptionsForSignIn,
  passwordlessPasskeyOptions,
} from "../../sign-in/passkey-options.ts";
import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import { cookieName, strictCookie } from "../../web/csrf.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { AuthenticationResponse, RegistrationResponse } from "../contracts/webauthn.ts";
import { setStepCookies } from "../web/step-cookies.ts";
import { clientOf, readCookie, tenantOf, type Web } from "../web/web-context.ts";
import { StepResponses, statusOf, stepJson } from "./sign-in-step.ts";

const tags = ["sign-in"];
const TenantName = Type.Optional(
  Type.String({ maxLength: 63, description: "The tenant; when absent, the default one" }),
);
const Options = Type.Object(
  {
    ceremony: Type.Enum(["get", "create"], {
      description:
        "get: pass options to navigator.credentials.get(); create: to navigator.credentials.create()",
    }),
    options: Type.Record(Type.String(), Type.Unknown(), {
      description: "PublicKeyCredentialRequestOptionsJSON or …CreationOptionsJSON",
    }),
  },
  { additionalProperties: false },
);
const optionsResponses = { 200: Options, ...errorResponses(400, 403, 404, 409, 413, 415) };
const stepResponses = { ...StepResponses, ...errorResponses(400, 403, 404, 413, 415) };

/** How long the browser token of a passwordless sign-in is kept: the challenge's lifetime. */
const browserTokenSeconds = 15 * 60;

/**
 * Passkeys in the sign-in JSON API: the options (a challenge bound to the pending sign-in, or to
 * this browser for a passwordless sign-in), then the browser's answer as an event of the sign-in
 * machine. The pages post the same answers through their forms (passkey-routes.ts).
 */
export function registerPasskeySignInApi(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const advance = async (request: FastifyRequest, reply: FastifyReply, event: SignInEvent) => {
    const { step } = await signInMachine.advance(ctx, {
      event,
      client: clientOf(request),
      channel: "api",
      pendingToken: readCookie(web, request, "varco_pending"),
    });
    setStepCookies(web, reply, step);
    return reply.status(statusOf[step.kind]).send(stepJson(step));
  };

  app.post(
    "/api/v1/sign-in/passkey/options",
    {
      schema: {
        summary:
          "Options for a passkey at the step the sign-in stands at: to sign with one (second factor), or to create one (registration)",
        tags,
        body: Type.Object({}, { additionalProperties: false }),
        response: optionsResponses,
      },
    },
    async (request) => {
      if (!ctx.relyingParty) throw new VarcoError("passkeys_unavailable");
      const found = await passkeyOptionsForSignIn(
        ctx,
        readCookie(web, request, "varco_pending"),
        clientOf(request),
      );
      if (!found) throw new VarcoError("passkey_not_allowed");
      return { ceremony: found.ceremony, options: { ...found.options } };
    },
  );

  app.post(
    "/api/v1/sign-in/passkey",
    {
      schema: {
        summary: "Give a passkey or security key as the second factor",
        tags,
        body: Type.Object(
          {
            response: AuthenticationResponse,
            rememberDevice: Type.Optional(Type.Boolean({ default: false })),
          },
          { additionalProperties: false },
        ),
        response: stepResponses,
      },
    },
    async (request, reply) =>
      advance(request, reply, {
        type: "secondFactor",
        proof: {
          kind: "passkey",
          response: request.body.response as AuthenticationResponseJSON,
        },
        rememberDevice: request.body.rememberDevice === true,
      }),
  );

  app.post(
    "/api/v1/sign-in/register/passkey",
    {
      schema: {
        summary: "During registration: the passkey or security key the browser created",
        tags,
        body: Type.Object(
          {
            response: RegistrationResponse,
            name: Type.Optional(Type.String({ maxLength: 64, default: "" })),
          },
          { additionalProperties: false },
        ),
        response: stepResponses,
      },
    },
    async (request, reply) =>
      advance(request, reply, {
        type: "passkeyRegistration",
        response: request.body.response as RegistrationResponseJSON,
        name: request.body.name ?? "",
      }),
  );

  app.post(
    "/api/v1/sign-in/passwordless/options",
    {
      schema: {
        summary:
          "Options for a passwordless sign-in with a passkey: no user named, user verification required",
        tags,
        body: Type.Object({ tenant: TenantName }, { additionalProperties: false }),
        response: optionsResponses,
      },
    },
    async (request, reply) => {
      const tenant = await tenantOf(web, request);
      if (!tenant) throw new VarcoError("tenant_not_found");
      const token = randomToken(32);
      reply.setCookie(cookieName("varco_passkey", web.secure), token, {
        ...strictCookie(web.secure),
        maxAge: browserTokenSeconds,
      });
      const options = await passwordlessPasskeyOptions(ctx, tenant, token);
      return { ceremony: "get" as const, options: { ...options } };
    },
  );

  app.post(
    "/api/v1/sign-in/passwordless",
    {
      schema: {
        summary: "Sign in with a passkey alone: it proves both factors",
        tags,
        body: Type.Object(
          { response: AuthenticationResponse, tenant: TenantName },
          { additionalProperties: false },
        ),
        response: stepResponses,
      },
    },
    async (request, reply) => {
      const tenant = await tenantOf(web, request);
      if (!tenant) throw new VarcoError("tenant_not_found");
      return advance(request, reply, {
        type: "passkey",
        tenant,
        response: request.body.response as AuthenticationResponseJSON,
        browserToken: readCookie(web, request, "varco_passkey") ?? "",
      });
    },
  );
}
