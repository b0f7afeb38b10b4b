import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { removeMethod } from "../../methods/remove-method.ts";
import { requireReregistration } from "../../methods/reregistration.ts";
import { issueTemporaryAccessPass } from "../../methods/temporary-access-pass/issue.ts";
import { removeTemporaryAccessPass } from "../../methods/temporary-access-pass/remove.ts";
import { authorize } from "../../roles/authorize.ts";
import { findEmailMethod } from "../../store/queries/email-methods.ts";
import { listMethods } from "../../store/queries/methods.ts";
import { listPasskeyCredentials, toPasskeyCredential } from "../../store/queries/passkeys.ts";
import { listPhoneMethods } from "../../store/queries/phone-methods.ts";
import { findSecurityQuestionsRegistration } from "../../store/queries/security-questions.ts";
import { findTemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { adminOf } from "./admin-principal.ts";
import { GraphEmailMethod, graphEmailMethod } from "./graph-email-method.ts";
import { GraphFido2Method, graphFido2Method } from "./graph-fido2-method.ts";
import {
  GraphSoftwareOathMethod,
  GraphTemporaryAccessPass,
  graphSoftwareOathMethod,
  graphTemporaryAccessPass,
} from "./graph-json.ts";
import { GraphPhoneMethod, graphPhoneMethod } from "./graph-phone-method.ts";
import {
  GraphSecurityQuestionsMethod,
  graphSecurityQuestionsMethod,
} from "./graph-security-questions-method.ts";
import { targetUser, UserMethodParams, UserParams } from "./target-user.ts";

const IssueTemporaryAccessPass = Type.Object(
  {
    startDateTime: Type.Optional(
      Type.String({ format: "date-time", description: "When it starts working (default: now)" }),
    ),
    lifetimeInMinutes: Type.Optional(
      Type.Integer({ description: "Within the tenant's limits (default: the policy's)" }),
    ),
    isUsableOnce: Type.Optional(
      Type.Boolean({ description: "One sign-in only (the policy may require it)" }),
    ),
  },
  { additionalProperties: false },
);

const RequireReregistration = Type.Object(
  {
    removeMethods: Type.Optional(
      Type.Boolean({
        default: false,
        description: "Also delete the user's methods and backup codes",
      }),
    ),
  },
  { additionalProperties: false },
);

const ReregistrationRequired = Type.Object(
  { methodsRemoved: Type.Integer({ description: "How many methods were deleted" }) },
  { description: "The user registers MFA again at the next sign-in" },
);

/** `users/{id}/authentication/...`: the methods of seed 003's recovery actions. */
export function registerMethodsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["methods"];
  const base = "/api/v1/users/:id/authentication";

  const softwareOath = async (userId: string) =>
    (await listMethods(ctx.store.db, userId))
      .filter((m) => m.kind === "softwareOath")
      .map(graphSoftwareOathMethod);
  const emailMethods = async (userId: string) => {
    const method = await findEmailMethod(ctx.store.db, userId);
    return method ? [graphEmailMethod(method)] : [];
  };
  const passes = async (userId: string) => {
    const pass = await findTemporaryAccessPass(ctx.store.db, userId);
    return pass ? [graphTemporaryAccessPass(pass, ctx.now())] : [];
  };

  const securityQuestions = async (userId: string) => {
    const registration = await findSecurityQuestionsRegistration(ctx.store.db, userId);
    return registration ? [graphSecurityQuestionsMethod(registration.registeredAt)] : [];
  };

  app.get(
    `${base}/methods`,
    {
      schema: {
        summary: "Every method of the user, never a secret",
        tags,
        params: UserParams,
        response: {
          200: GraphCollection(
            Type.Union([
              GraphSoftwareOathMethod,
              GraphPhoneMethod,
              GraphFido2Method,
              GraphTemporaryAccessPass,
              GraphEmailMethod,
              GraphSecurityQuestionsMethod,
            ]),
            "The user's methods, told apart by @odata.type",
          ),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      return {
        value: [
          ...(await softwareOath(target.user.id)),
          ...(await listPhoneMethods(ctx.store.db, target.user.id)).map(graphPhoneMethod),
          ...(await listPasskeyCredentials(ctx.store.db, target.user.id)).map((row) =>
            graphFido2Method(toPasskeyCredential(row)),
          ),
          ...(await passes(target.user.id)),
          ...(await emailMethods(target.user.id)),
          ...(await securityQuestions(target.user.id)),
        ],
      };
    },
  );

  app.get(
    `${base}/softwareOathMethods`,
    {
      schema: {
        summary: "The user's authenticator apps",
        tags,
        params: UserParams,
        response: {
          200: GraphCollection(GraphSoftwareOathMethod, "The user's authenticator apps"),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      return { value: await softwareOath(target.user.id) };
    },
  );

  app.delete(
    `${base}/softwareOathMethods/:methodId`,
    {
      schema: {
        summary: "Remove an authenticator app",
        tags,
        params: UserMethodParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      await removeMethod(ctx, admin.actor, target.user, request.params.methodId);
      return reply.status(204).send();
    },
  );

  app.get(
    `${base}/temporaryAccessPassMethods`,
    {
      schema: {
        summary: "The user's Temporary Access Pass, without the pass",
        tags,
        params: UserParams,
        response: {
          200: GraphCollection(GraphTemporaryAccessPass, "The user's pass: none or one"),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "issueTemporaryAccessPass", target);
      return { value: await passes(target.user.id) };
    },
  );

  app.post(
    `${base}/temporaryAccessPassMethods`,
    {
      schema: {
        summary: "Issue a Temporary Access Pass: the answer holds it, once",
        tags,
        params: UserParams,
        body: IssueTemporaryAccessPass,
        response: {
          201: Type.With(GraphTemporaryAccessPass, {
            description: "The pass, with temporaryAccessPass: shown this once",
          }),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "issueTemporaryAccessPass", target);
      const tenant = await findTenantById(ctx.store.db, admin.tenantId);
      if (!tenant) throw new VarcoError("tenant_not_found");
      const body = request.body;
      const issued = await issueTemporaryAccessPass(ctx, admin.actor, tenant, target.user, {
        startAt: body.startDateTime === undefined ? undefined : Date.parse(body.startDateTime),
        lifetimeMinutes: body.lifetimeInMinutes,
        usableOnce: body.isUsableOnce,
      });
      const pass = await findTemporaryAccessPass(ctx.store.db, target.user.id);
      if (!pass) throw new VarcoError("temporary_access_pass_not_found");
      reply.header("cache-control", "no-store");
      return reply.status(201).send(graphTemporaryAccessPass(pass, ctx.now(), issued.pass));
    },
  );

  app.delete(
    `${base}/temporaryAccessPassMethods/:methodId`,
    {
      schema: {
        summary: "Delete the Temporary Access Pass: it stops working at once",
        tags,
        params: UserMethodParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "issueTemporaryAccessPass", target);
      const pass = await findTemporaryAccessPass(ctx.store.db, target.user.id);
      if (pass?.id !== request.params.methodId)
        throw new VarcoError("temporary_access_pass_not_found");
      await removeTemporaryAccessPass(ctx, admin.actor, target.user);
      return reply.status(204).send();
    },
  );

  app.post(
    `${base}/requireReregistration`,
    {
      schema: {
        summary:
          "Seed 003 'Require re-register MFA': the user sets up MFA again at the next sign-in",
        tags,
        params: UserParams,
        body: RequireReregistration,
        response: { 200: ReregistrationRequired, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "requireReregistration", target);
      return requireReregistration(ctx, admin.actor, target.user, {
        removeMethods: request.body.removeMethods === true,
      });
    },
  );
}
