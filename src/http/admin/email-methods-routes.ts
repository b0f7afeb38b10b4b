import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { addEmailMethod } from "../../methods/email/add-email-method.ts";
import { removeEmailMethod } from "../../methods/email/delete-email-method.ts";
import { emailMethodGraphId } from "../../methods/email/email-method-types.ts";
import { updateEmailMethod } from "../../methods/email/update-email-method.ts";
import { findEmailMethod } from "../../store/queries/email-methods.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { GraphEmailMethod, graphEmailMethod } from "./graph-email-method.ts";
import { methodsTarget, UserParams } from "./target-user.ts";

const EmailAddress = Type.String({
  maxLength: 320,
  description: "name@domain: at most 254 characters, no spaces (docs/email-method.md)",
});
const SetEmail = Type.Object({ emailAddress: EmailAddress }, { additionalProperties: false });
const EmailParams = Type.Object({
  id: Type.String({ description: "The user's id, or user principal name" }),
  emailMethodId: Type.String({ description: `Graph's fixed id: ${emailMethodGraphId}` }),
});

/** The path's id must be Graph's fixed one: any other names a method the user does not have. */
function checkPathId(id: string): void {
  if (id !== emailMethodGraphId) throw new VarcoError("email_method_not_found");
}

/**
 * `users/{id}/authentication/emailMethods`, as Graph has it: a user's one authentication e-mail
 * (self-service password reset only, never a second factor), under Graph's fixed id. An
 * administrator sets it without a code: the administrator vouches for it, and the audit log
 * says who did. Reading and changing both take manageMethods, like phoneMethods: the address is
 * personal data.
 */
export function registerEmailMethodsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["methods"];
  const base = "/api/v1/users/:id/authentication/emailMethods";

  app.get(
    base,
    {
      schema: {
        summary: "The user's authentication e-mail",
        tags,
        params: UserParams,
        response: {
          200: GraphCollection(GraphEmailMethod, "The user's authentication e-mail: none or one"),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { user } = await methodsTarget(ctx, request, request.params.id);
      const method = await findEmailMethod(ctx.store.db, user.id);
      return { value: method ? [graphEmailMethod(method)] : [] };
    },
  );

  app.post(
    base,
    {
      schema: {
        summary: "Set the authentication e-mail of a user who has none",
        tags,
        params: UserParams,
        body: SetEmail,
        response: { 201: GraphEmailMethod, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      const added = await addEmailMethod(ctx, admin.actor, user, request.body.emailAddress);
      return reply.status(201).send(graphEmailMethod(added));
    },
  );

  app.get(
    `${base}/:emailMethodId`,
    {
      schema: {
        summary: "The user's authentication e-mail",
        tags,
        params: EmailParams,
        response: { 200: GraphEmailMethod, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { user } = await methodsTarget(ctx, request, request.params.id);
      checkPathId(request.params.emailMethodId);
      const method = await findEmailMethod(ctx.store.db, user.id);
      if (!method) throw new VarcoError("email_method_not_found");
      return graphEmailMethod(method);
    },
  );

  app.patch(
    `${base}/:emailMethodId`,
    {
      schema: {
        summary: "Change the authentication e-mail",
        tags,
        params: EmailParams,
        body: SetEmail,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      checkPathId(request.params.emailMethodId);
      await updateEmailMethod(ctx, admin.actor, user, request.body.emailAddress);
      return reply.status(204).send();
    },
  );

  app.delete(
    `${base}/:emailMethodId`,
    {
      schema: {
        summary: "Delete the authentication e-mail",
        tags,
        params: EmailParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      checkPathId(request.params.emailMethodId);
      await removeEmailMethod(ctx, admin.actor, user);
      return reply.status(204).send();
    },
  );
}
