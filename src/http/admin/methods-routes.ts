import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { removeMethod } from "../../methods/remove-method.ts";
import { requireReregistration } from "../../methods/reregistration.ts";
import { issueTemporaryAccessPass } from "../../methods/temporary-access-pass/issue.ts";
import { removeTemporaryAccessPass } from "../../methods/temporary-access-pass/remove.ts";
import { authorize } from "../../roles/authorize.ts";
import { listMethods } from "../../store/queries/methods.ts";
import { findTemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import { adminOf } from "./admin-principal.ts";
import { graphSoftwareOathMethod, graphTemporaryAccessPass } from "./graph-json.ts";
import { targetUser } from "./target-user.ts";

type UserParams = { id: string };
type MethodParams = { id: string; methodId: string };

/** `users/{id}/authentication/...`: the methods of seed 003's recovery actions. */
export function registerMethodsRoutes(app: FastifyInstance, ctx: Context): void {
  const tags = ["admin"];
  const base = "/api/v1/users/:id/authentication";

  const softwareOath = async (userId: string) =>
    (await listMethods(ctx.store.db, userId))
      .filter((m) => m.kind === "softwareOath")
      .map(graphSoftwareOathMethod);
  const passes = async (userId: string) => {
    const pass = await findTemporaryAccessPass(ctx.store.db, userId);
    return pass ? [graphTemporaryAccessPass(pass, ctx.now())] : [];
  };

  app.get<{ Params: UserParams }>(
    `${base}/methods`,
    { schema: { summary: "Every method of the user, never a secret", tags } },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      return {
        value: [...(await softwareOath(target.user.id)), ...(await passes(target.user.id))],
      };
    },
  );

  app.get<{ Params: UserParams }>(
    `${base}/softwareOathMethods`,
    { schema: { summary: "The user's authenticator apps", tags } },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      return { value: await softwareOath(target.user.id) };
    },
  );

  app.delete<{ Params: MethodParams }>(
    `${base}/softwareOathMethods/:methodId`,
    { schema: { summary: "Remove an authenticator app", tags } },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      await removeMethod(ctx, admin.actor, target.user, request.params.methodId);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: UserParams }>(
    `${base}/temporaryAccessPassMethods`,
    { schema: { summary: "The user's Temporary Access Pass, without the pass", tags } },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "issueTemporaryAccessPass", target);
      return { value: await passes(target.user.id) };
    },
  );

  app.post<{
    Params: UserParams;
    Body: { startDateTime?: string; lifetimeInMinutes?: number; isUsableOnce?: boolean };
  }>(
    `${base}/temporaryAccessPassMethods`,
    {
      schema: {
        summary: "Issue a Temporary Access Pass: the answer holds it, once",
        tags,
        body: {
          type: "object",
          additionalProperties: false,
          properties: {
            startDateTime: { type: "string", format: "date-time" },
            lifetimeInMinutes: { type: "integer" },
            isUsableOnce: { type: "boolean" },
          },
        },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "issueTemporaryAccessPass", target);
      const tenant = await findTenantById(ctx.store.db, admin.tenantId);
      if (!tenant) throw new VarcoError("tenant_not_found");
      const body = request.body ?? {};
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

  app.delete<{ Params: MethodParams }>(
    `${base}/temporaryAccessPassMethods/:methodId`,
    { schema: { summary: "Delete the Temporary Access Pass: it stops working at once", tags } },
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

  app.post<{ Params: UserParams; Body: { removeMethods?: boolean } }>(
    `${base}/requireReregistration`,
    {
      schema: {
        summary:
          "Seed 003 'Require re-register MFA': the user sets up MFA again at the next sign-in",
        tags,
        body: {
          type: "object",
          additionalProperties: false,
          properties: { removeMethods: { type: "boolean", default: false } },
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "requireReregistration", target);
      return requireReregistration(ctx, admin.actor, target.user, {
        removeMethods: request.body?.removeMethods === true,
      });
    },
  );
}
