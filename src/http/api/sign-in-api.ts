import type { FastifyReply, FastifyRequest } from "fastify";
import { type TSchema, Type } from "typebox";
import { VarcoError } from "../../errors/varco-error.ts";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import { enrolDuringSignIn } from "../../sign-in/enrol-during-sign-in.ts";
import type { SignInEvent } from "../../sign-in/events/event.ts";
import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import type { SignInStep } from "../../sign-in/types.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { NoContent } from "../contracts/no-content.ts";
import { DateTime, isoTime } from "../contracts/nullable.ts";
import { setStepCookies } from "../web/step-cookies.ts";
import {
  clearCookie,
  clientOf,
  readCookie,
  signedInOf,
  tenantOf,
  type Web,
} from "../web/web-context.ts";
import { StepResponses, statusOf, stepJson } from "./sign-in-step.ts";

const tags = ["sign-in"];
const Upn = Type.String({ maxLength: 256, description: "The user's principal name" });
const TenantName = Type.Optional(
  Type.String({
    maxLength: 63,
    description:
      "The tenant; when absent, the one the UPN's domain belongs to, else the default one",
  }),
);
const Code = Type.String({ maxLength: 64 });
const firstFactors = ["password", "temporaryAccessPass"] as const;
/** `{}`: the event needs nothing more, but comes as JSON like the others. */
const EmptyBody = Type.Object({}, { additionalProperties: false });

/** What every route of a step answers: the step, or the error of a request refused before it. */
const stepResponses = { ...StepResponses, ...errorResponses(400, 403, 404, 413, 415) };
const stepRoute = <B extends TSchema>(summary: string, body: B) => ({
  schema: { summary, tags, body, response: stepResponses },
});

/**
 * The JSON API's interpreter of the sign-in machine, for apps and single-page front ends: each
 * route is one event, and answers the step that follows as JSON. The tokens travel in the same
 * HttpOnly cookies as for the pages, never in the body. Cross-site forms cannot send
 * `application/json` without a CORS preflight that Varco never grants: that, with SameSite
 * cookies, is the CSRF defence here.
 */
export function registerSignInApi(app: ContractApp, web: Web): void {
  const { ctx } = web;
  // A callback hook: every other request passes at the cost of a comparison or two.
  app.addHook("onRequest", (request, _reply, done) => {
    const isSignIn =
      request.url.startsWith("/api/v1/sign-in") || request.url === "/api/v1/sign-out";
    if (request.method !== "POST" || !isSignIn) return done();
    if (!(request.headers["content-type"] ?? "").startsWith("application/json")) {
      return done(new VarcoError("csrf_failed", "send Content-Type: application/json"));
    }
    done();
  });

  const advance = async (request: FastifyRequest, reply: FastifyReply, event: SignInEvent) => {
    const { step } = await signInMachine.advance(ctx, {
      event,
      client: clientOf(request),
      channel: "api",
      pendingToken: readCookie(web, request, "varco_pending"),
    });
    if (step.kind === "fraud_reported" && step.mailError)
      request.log.error({ err: step.mailError }, "fraud notification not sent");
    return sendStep(reply, step);
  };
  /** A step as JSON, its tokens in the cookies. */
  const sendStep = (reply: FastifyReply, step: SignInStep) => {
    setStepCookies(web, reply, step);
    return reply.status(statusOf[step.kind]).send(stepJson(step));
  };
  /** The tenant named, else the one the UPN's domain finds (the default for a domain nobody has). */
  const tenantFor = async (request: FastifyRequest, upn: string) => {
    const tenant = await tenantOf(web, request, upn);
    if (!tenant) throw new VarcoError("tenant_not_found");
    return tenant;
  };

  app.post(
    "/api/v1/sign-in",
    stepRoute(
      "Start a sign-in with user name and password",
      Type.Object(
        { upn: Upn, password: Type.String({ maxLength: 1024 }), tenant: TenantName },
        { additionalProperties: false },
      ),
    ),
    async (request, reply) =>
      advance(request, reply, {
        type: "password",
        tenant: await tenantFor(request, request.body.upn),
        upn: request.body.upn,
        password: request.body.password,
        rememberedDeviceToken: readCookie(web, request, "varco_device") ?? null,
      }),
  );

  app.post(
    "/api/v1/sign-in/temporary-access-pass",
    stepRoute(
      "Sign in with user name and Temporary Access Pass, which satisfies MFA",
      Type.Object(
        { upn: Upn, temporaryAccessPass: Type.String({ maxLength: 64 }), tenant: TenantName },
        { additionalProperties: false },
      ),
    ),
    async (request, reply) =>
      advance(request, reply, {
        type: "temporaryAccessPass",
        tenant: await tenantFor(request, request.body.upn),
        upn: request.body.upn,
        pass: request.body.temporaryAccessPass,
      }),
  );

  app.post(
    "/api/v1/sign-in/second-factor",
    stepRoute(
      "Give the second factor: a code from an app or a hardware token, or a backup code",
      Type.Object(
        {
          code: Code,
          kind: Type.Optional(
            Type.Enum(["code", "backupCode", "phoneCode"], {
              default: "code",
              description: "phoneCode: the code this sign-in sent by SMS",
            }),
          ),
          methodId: Type.Optional(
            Type.String({ maxLength: 64, description: "The method the code is from" }),
          ),
          rememberDevice: Type.Optional(
            Type.Boolean({ default: false, description: "Skip the second factor on this browser" }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    async (request, reply) => {
      const { code, kind, methodId, rememberDevice } = request.body;
      return advance(request, reply, {
        type: "secondFactor",
        proof:
          kind === "backupCode"
            ? { kind: "backupCode", code }
            : kind === "phoneCode"
              ? { kind: "phoneCode", code: code.trim() }
              : { kind: "code", code: code.trim(), methodId },
        rememberDevice: rememberDevice === true,
      });
    },
  );

  app.post(
    "/api/v1/sign-in/phone-code",
    stepRoute(
      "Send a code by SMS to one of the user's mobiles (again: after the cool-down)",
      Type.Object(
        {
          phoneType: Type.Enum(["mobile", "alternateMobile"]),
          language: Type.Optional(Type.Enum(["en", "it"], { default: "it" })),
        },
        { additionalProperties: false },
      ),
    ),
    async (request, reply) =>
      advance(request, reply, {
        type: "sendPhoneCode",
        phoneType: request.body.phoneType,
        language: request.body.language ?? "it",
      }),
  );

  app.post(
    "/api/v1/sign-in/phone-call",
    stepRoute(
      "Call one of the user's phones: the call asks to press # to approve (again: after the cool-down)",
      Type.Object(
        {
          phoneType: Type.Enum(["mobile", "alternateMobile", "office"]),
          language: Type.Optional(Type.Enum(["en", "it"], { default: "it" })),
        },
        { additionalProperties: false },
      ),
    ),
    async (request, reply) =>
      advance(request, reply, {
        type: "placePhoneCall",
        phoneType: request.body.phoneType,
        language: request.body.language ?? "it",
      }),
  );

  app.post(
    "/api/v1/sign-in/phone-call/answer",
    stepRoute(
      "Go on once the call was answered with #: phone_call_waiting while it rings",
      Type.Object(
        {
          rememberDevice: Type.Optional(
            Type.Boolean({ default: false, description: "Skip the second factor on this browser" }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    async (request, reply) =>
      advance(request, reply, {
        type: "secondFactor",
        proof: { kind: "phoneCall" },
        rememberDevice: request.body.rememberDevice === true,
      }),
  );

  app.post(
    "/api/v1/sign-in/register/phone",
    stepRoute(
      "During registration: send a code by SMS to a new number, which becomes a phone once the code comes back",
      Type.Object(
        {
          phoneNumber: Type.String({ maxLength: 64, description: "+CountryCode Number" }),
          language: Type.Optional(Type.Enum(["en", "it"], { default: "it" })),
        },
        { additionalProperties: false },
      ),
    ),
    async (request, reply) =>
      advance(request, reply, {
        type: "sendRegistrationCode",
        phoneNumber: request.body.phoneNumber,
        language: request.body.language ?? "it",
      }),
  );

  app.post(
    "/api/v1/sign-in/register/phone/verify",
    stepRoute(
      "During registration: the code sent to the new number",
      Type.Object({ code: Code }, { additionalProperties: false }),
    ),
    async (request, reply) =>
      advance(request, reply, { type: "phoneRegistration", code: request.body.code }),
  );

  app.post(
    "/api/v1/sign-in/report-suspicious-activity",
    {
      schema: {
        summary: '"I didn\'t try to sign in": end this sign-in and report it (seed 001)',
        tags,
        body: EmptyBody,
        response: stepResponses,
      },
    },
    async (request, reply) => advance(request, reply, { type: "fraudReport" }),
  );

  app.post(
    "/api/v1/sign-in/change-password",
    stepRoute(
      "High risk: choose a new password after MFA, before the session starts",
      Type.Object(
        { newPassword: Type.String({ maxLength: 1024 }) },
        { additionalProperties: false },
      ),
    ),
    async (request, reply) =>
      advance(request, reply, { type: "passwordChange", newPassword: request.body.newPassword }),
  );

  app.post(
    "/api/v1/sign-in/register/app",
    {
      schema: {
        summary: "During registration: add an authenticator app (pending until activated)",
        tags,
        body: Type.Object(
          { label: Type.String({ maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              methodId: Type.String(),
              secret: Type.String({ description: "Base32, shown once" }),
              otpauthUri: Type.String(),
            },
            { description: "The app, pending until its first code arrives" },
          ),
          ...errorResponses(401, 403, 409, 413, 415),
        },
      },
    },
    async (request) => {
      const enrolment = await enrolDuringSignIn(ctx, {
        pendingToken: readCookie(web, request, "varco_pending"),
        label: request.body.label,
        client: clientOf(request),
      });
      return {
        methodId: enrolment.method.id,
        secret: enrolment.secret,
        otpauthUri: enrolment.otpauthUri,
      };
    },
  );

  app.post(
    "/api/v1/sign-in/register/activate",
    stepRoute(
      "During registration: activate the app with a code from it",
      Type.Object(
        { methodId: Type.String({ maxLength: 64 }), code: Code },
        { additionalProperties: false },
      ),
    ),
    async (request, reply) =>
      advance(request, reply, {
        type: "registration",
        methodId: request.body.methodId,
        code: request.body.code.trim(),
      }),
  );

  app.post(
    "/api/v1/sign-in/register/postpone",
    stepRoute(
      "During registration: not now, while an enrolment campaign allows it",
      Type.Object({}, { additionalProperties: false }),
    ),
    async (request, reply) =>
      advance(request, reply, { type: "postponeRegistration", language: null }),
  );

  app.get(
    "/api/v1/sign-in",
    {
      schema: {
        summary: "Where the pending sign-in stands",
        tags,
        response: { ...StepResponses, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { step } = await signInMachine.current(
        ctx,
        readCookie(web, request, "varco_pending"),
        clientOf(request),
      );
      return sendStep(reply, step);
    },
  );

  app.get(
    "/api/v1/me",
    {
      schema: {
        summary: "The signed-in user, and how their session was begun",
        tags,
        response: {
          200: Type.Object({
            upn: Type.String(),
            displayName: Type.String(),
            tenant: Type.String(),
            mfa: Type.String({ description: "How MFA was satisfied (docs/events.md)" }),
            firstFactor: Type.Optional(Type.Enum(firstFactors)),
            sessionExpiresAt: DateTime,
          }),
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const who = await signedInOf(web, request);
      if (!who) throw new VarcoError("session_required");
      const firstFactor = firstFactors.find((f) => f === who.session.firstFactor);
      return {
        upn: who.user.upn,
        displayName: who.user.displayName,
        tenant: who.tenant.name,
        mfa: who.session.mfa,
        ...(firstFactor ? { firstFactor } : {}),
        sessionExpiresAt: isoTime(who.session.expiresAt),
      };
    },
  );

  app.post(
    "/api/v1/sign-out",
    {
      schema: {
        summary: "End this session",
        tags,
        body: EmptyBody,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const who = await signedInOf(web, request);
      if (!who) throw new VarcoError("session_required");
      await revokeUserSessions(
        ctx,
        userActor(who.user, clientOf(request)),
        who.user,
        who.session.id,
      );
      clearCookie(web, reply, "varco_session");
      return reply.status(204).send();
    },
  );
}
