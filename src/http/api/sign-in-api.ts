import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { VarcoError } from "../../errors/varco-error.ts";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import { enrolDuringSignIn } from "../../sign-in/enrol-during-sign-in.ts";
import type { SignInEvent } from "../../sign-in/events/event.ts";
import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import type { SignInStep } from "../../sign-in/types.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import { errorSchema } from "../schemas.ts";
import { setStepCookies } from "../web/step-cookies.ts";
import {
  clearCookie,
  clientOf,
  readCookie,
  signedInOf,
  tenantOf,
  type Web,
} from "../web/web-context.ts";

const stepSchema = {
  type: "object",
  required: ["state"],
  properties: {
    state: {
      type: "string",
      enum: [
        "failed",
        "throttled",
        "expired",
        "locked",
        "pass_not_yet_valid",
        "change_password",
        "fraud_reported",
        "second_factor",
        "register",
        "signed_in",
      ],
    },
    startAt: {
      type: "string",
      format: "date-time",
      description: "pass_not_yet_valid: when the Temporary Access Pass starts to work",
    },
    retryAt: { type: "string", format: "date-time" },
    lockedUntil: { type: "string", format: "date-time" },
    helpdeskContact: {
      type: "string",
      description: "locked: how to reach the tenant's helpdesk, when the tenant has set it",
    },
    methods: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          label: { type: "string" },
          isDefault: { type: "boolean" },
          failedAttempts: { type: "integer" },
          digits: { type: "integer" },
        },
      },
    },
    backupCodesLeft: { type: "integer" },
    rememberDeviceDays: { type: "integer" },
    canReport: {
      type: "boolean",
      description: 'second_factor: whether "I didn\'t try to sign in" is offered',
    },
    action: {
      type: "string",
      enum: ["block", "requirePasswordChange", "none"],
      description: "fraud_reported: what the tenant does about the report",
    },
    error: {
      type: "string",
      enum: ["invalid_code", "invalid_password"],
      description:
        "The event was refused: a wrong code (second_factor, register), or a new password refused (change_password)",
    },
    required: { type: "integer" },
    registered: { type: "integer" },
    mfa: { type: "string" },
    backupCodes: { type: "array", items: { type: "string" }, description: "Shown once" },
  },
} as const;

const statusOf: Record<SignInStep["kind"], number> = {
  failed: 401,
  throttled: 429,
  expired: 401,
  locked: 423,
  pass_not_yet_valid: 401,
  fraud_reported: 200,
  change_password: 200,
  second_factor: 200,
  register: 200,
  signed_in: 200,
};

/**
 * The sign-in state machine as JSON, for apps and single-page front ends. The tokens travel in
 * the same HttpOnly cookies as for the pages, never in the body. Cross-site forms cannot send
 * `application/json` without a CORS preflight that Varco never grants: that, with SameSite
 * cookies, is the CSRF defence here.
 */
export function registerSignInApi(app: FastifyInstance, web: Web): void {
  const requireJson = async (request: FastifyRequest) => {
    if (!(request.headers["content-type"] ?? "").startsWith("application/json")) {
      throw new VarcoError("csrf_failed", "send Content-Type: application/json");
    }
  };
  /** The JSON API's interpreter of the sign-in machine: the step as JSON, the tokens in cookies. */
  const send = (request: FastifyRequest, reply: FastifyReply, step: SignInStep) => {
    setStepCookies(web, reply, step);
    if (step.kind === "fraud_reported" && step.mailError)
      request.log.error({ err: step.mailError }, "fraud notification not sent");
    return reply.status(statusOf[step.kind]).send(stepJson(step));
  };
  const advance = async (request: FastifyRequest, reply: FastifyReply, event: SignInEvent) => {
    const { step } = await signInMachine.advance(web.ctx, {
      event,
      client: clientOf(request),
      channel: "api",
      pendingToken: readCookie(web, request, "varco_pending"),
    });
    return send(request, reply, step);
  };
  const common = (summary: string, body: object) => ({
    onRequest: requireJson,
    schema: {
      summary,
      tags: ["sign-in"],
      body,
      response: {
        200: stepSchema,
        401: stepSchema,
        423: stepSchema,
        429: stepSchema,
        400: errorSchema,
        403: errorSchema,
      },
    },
  });

  app.post<{ Body: { upn: string; password: string; tenant?: string } }>(
    "/api/v1/sign-in",
    common("Start a sign-in with user name and password", {
      type: "object",
      required: ["upn", "password"],
      additionalProperties: false,
      properties: {
        upn: { type: "string", maxLength: 256 },
        password: { type: "string", maxLength: 1024 },
        tenant: { type: "string", maxLength: 63 },
      },
    }),
    async (request, reply) => {
      const tenant = await tenantOf(web, request);
      if (!tenant) throw new VarcoError("tenant_not_found");
      return advance(request, reply, {
        type: "password",
        tenant,
        upn: request.body.upn,
        password: request.body.password,
        rememberedDeviceToken: readCookie(web, request, "varco_device") ?? null,
      });
    },
  );

  app.post<{ Body: { upn: string; temporaryAccessPass: string; tenant?: string } }>(
    "/api/v1/sign-in/temporary-access-pass",
    common("Sign in with user name and Temporary Access Pass, which satisfies MFA", {
      type: "object",
      required: ["upn", "temporaryAccessPass"],
      additionalProperties: false,
      properties: {
        upn: { type: "string", maxLength: 256 },
        temporaryAccessPass: { type: "string", maxLength: 64 },
        tenant: { type: "string", maxLength: 63 },
      },
    }),
    async (request, reply) => {
      const tenant = await tenantOf(web, request);
      if (!tenant) throw new VarcoError("tenant_not_found");
      return advance(request, reply, {
        type: "temporaryAccessPass",
        tenant,
        upn: request.body.upn,
        pass: request.body.temporaryAccessPass,
      });
    },
  );

  app.post<{
    Body: {
      code: string;
      kind?: "code" | "backupCode";
      methodId?: string;
      rememberDevice?: boolean;
    };
  }>(
    "/api/v1/sign-in/second-factor",
    common("Give the second factor: a code from an app, or a backup code", {
      type: "object",
      required: ["code"],
      additionalProperties: false,
      properties: {
        code: { type: "string", maxLength: 64 },
        kind: { type: "string", enum: ["code", "backupCode"], default: "code" },
        methodId: { type: "string", maxLength: 64 },
        rememberDevice: { type: "boolean", default: false },
      },
    }),
    async (request, reply) => {
      const { code, kind, methodId, rememberDevice } = request.body;
      return advance(request, reply, {
        type: "secondFactor",
        proof:
          kind === "backupCode" ? { kind, code } : { kind: "code", code: code.trim(), methodId },
        rememberDevice: rememberDevice === true,
      });
    },
  );

  app.post(
    "/api/v1/sign-in/report-suspicious-activity",
    {
      onRequest: requireJson,
      schema: {
        summary: '"I didn\'t try to sign in": end this sign-in and report it (seed 001)',
        tags: ["sign-in"],
        response: {
          200: stepSchema,
          401: stepSchema,
          423: stepSchema,
          400: errorSchema,
          403: errorSchema,
        },
      },
    },
    async (request, reply) => advance(request, reply, { type: "fraudReport" }),
  );

  app.post<{ Body: { newPassword: string } }>(
    "/api/v1/sign-in/change-password",
    common("High risk: choose a new password after MFA, before the session starts", {
      type: "object",
      required: ["newPassword"],
      additionalProperties: false,
      properties: { newPassword: { type: "string", maxLength: 1024 } },
    }),
    async (request, reply) =>
      advance(request, reply, { type: "passwordChange", newPassword: request.body.newPassword }),
  );

  app.post<{ Body: { label: string } }>(
    "/api/v1/sign-in/register/app",
    {
      onRequest: requireJson,
      schema: {
        summary: "During registration: add an authenticator app (pending until activated)",
        tags: ["sign-in"],
        body: {
          type: "object",
          required: ["label"],
          additionalProperties: false,
          properties: { label: { type: "string", maxLength: 100 } },
        },
        response: {
          200: {
            type: "object",
            properties: {
              methodId: { type: "string" },
              secret: { type: "string" },
              otpauthUri: { type: "string" },
            },
          },
          400: errorSchema,
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const enrolment = await enrolDuringSignIn(web.ctx, {
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

  app.post<{ Body: { methodId: string; code: string } }>(
    "/api/v1/sign-in/register/activate",
    common("During registration: activate the app with a code from it", {
      type: "object",
      required: ["methodId", "code"],
      additionalProperties: false,
      properties: {
        methodId: { type: "string", maxLength: 64 },
        code: { type: "string", maxLength: 64 },
      },
    }),
    async (request, reply) =>
      advance(request, reply, {
        type: "registration",
        methodId: request.body.methodId,
        code: request.body.code.trim(),
      }),
  );

  app.get(
    "/api/v1/sign-in",
    {
      schema: {
        summary: "Where the pending sign-in stands",
        tags: ["sign-in"],
        response: { 200: stepSchema, 401: stepSchema, 423: stepSchema },
      },
    },
    async (request, reply) => {
      const { step } = await signInMachine.current(
        web.ctx,
        readCookie(web, request, "varco_pending"),
        clientOf(request),
      );
      return send(request, reply, step);
    },
  );

  app.get(
    "/api/v1/me",
    {
      schema: {
        summary: "The signed-in user",
        tags: ["sign-in"],
        response: {
          200: {
            type: "object",
            properties: {
              upn: { type: "string" },
              displayName: { type: "string" },
              tenant: { type: "string" },
              mfa: { type: "string", description: "How MFA was satisfied (docs/events.md)" },
              firstFactor: { type: "string", enum: ["password", "temporaryAccessPass"] },
              sessionExpiresAt: { type: "string", format: "date-time" },
            },
          },
          401: errorSchema,
        },
      },
    },
    async (request) => {
      const who = await signedInOf(web, request);
      if (!who) throw new VarcoError("session_required");
      return {
        upn: who.user.upn,
        displayName: who.user.displayName,
        tenant: who.tenant.name,
        mfa: who.session.mfa,
        ...(who.session.firstFactor ? { firstFactor: who.session.firstFactor } : {}),
        sessionExpiresAt: new Date(who.session.expiresAt).toISOString(),
      };
    },
  );

  app.post(
    "/api/v1/sign-out",
    {
      onRequest: requireJson,
      schema: {
        summary: "End this session",
        tags: ["sign-in"],
        response: { 204: { type: "null" }, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const who = await signedInOf(web, request);
      if (!who) throw new VarcoError("session_required");
      await revokeUserSessions(
        web.ctx,
        userActor(who.user, clientOf(request)),
        who.user,
        who.session.id,
      );
      clearCookie(web, reply, "varco_session");
      return reply.status(204).send();
    },
  );
}

function stepJson(step: SignInStep): Record<string, unknown> {
  switch (step.kind) {
    case "failed":
    case "expired":
      return { state: step.kind };
    case "throttled":
      return { state: step.kind, retryAt: new Date(step.retryAt).toISOString() };
    case "locked":
      return {
        state: step.kind,
        lockedUntil: new Date(step.until).toISOString(),
        ...(step.helpdeskContact ? { helpdeskContact: step.helpdeskContact } : {}),
      };
    case "change_password":
      return { state: step.kind, ...(step.error ? { error: step.error } : {}) };
    case "fraud_reported":
      return { state: step.kind, action: step.action };
    case "pass_not_yet_valid":
      return { state: step.kind, startAt: new Date(step.startAt).toISOString() };
    case "second_factor":
      return {
        state: step.kind,
        methods: step.methods,
        backupCodesLeft: step.backupCodesLeft,
        rememberDeviceDays: step.rememberDeviceDays,
        canReport: step.canReport,
        ...(step.error ? { error: step.error } : {}),
      };
    case "register":
      return {
        state: step.kind,
        required: step.required,
        registered: step.registered,
        ...(step.backupCodes ? { backupCodes: step.backupCodes } : {}),
        ...(step.error ? { error: step.error } : {}),
      };
    case "signed_in":
      return {
        state: step.kind,
        mfa: step.mfa,
        ...(step.backupCodes ? { backupCodes: step.backupCodes } : {}),
      };
  }
}
