import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { removePasskey } from "../../methods/passkey/remove-passkey.ts";
import {
  findPasskeyCredential,
  listPasskeyCredentials,
  toPasskeyCredential,
} from "../../store/queries/passkeys.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { GraphFido2Method, graphFido2Method } from "./graph-fido2-method.ts";
import { methodsTarget, UserParams } from "./target-user.ts";

const Fido2Params = Type.Object({
  id: Type.String({ description: "The user's id, or user principal name" }),
  fido2MethodId: Type.String({ maxLength: 100, description: "The credential's id" }),
});

/**
 * `users/{id}/authentication/fido2Methods`, as Graph has it: a user's passkeys and security
 * keys, listed, read and removed (registering one takes the user's own authenticator, on
 * Security info). Every route takes manageMethods on the user, like the other method routes.
 */
export function registerFido2MethodsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["methods"];
  const base = "/api/v1/users/:id/authentication/fido2Methods";

  app.get(
    base,
    {
      schema: {
        summary: "The user's passkeys and security keys",
        tags,
        params: UserParams,
        response: {
          200: GraphCollection(
            GraphFido2Method,
            "The user's passkeys and security keys, oldest first",
          ),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { user } = await methodsTarget(ctx, request, request.params.id);
      const rows = await listPasskeyCredentials(ctx.store.db, user.id);
      return { value: rows.map((row) => graphFido2Method(toPasskeyCredential(row))) };
    },
  );

  app.get(
    `${base}/:fido2MethodId`,
    {
      schema: {
        summary: "One of the user's passkeys or security keys",
        tags,
        params: Fido2Params,
        response: { 200: GraphFido2Method, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { user } = await methodsTarget(ctx, request, request.params.id);
      const row = await findPasskeyCredential(ctx.store.db, user.id, request.params.fido2MethodId);
      if (!row) throw new VarcoError("passkey_not_found");
      return graphFido2Method(toPasskeyCredential(row));
    },
  );

  app.delete(
    `${base}/:fido2MethodId`,
    {
      schema: {
        summary: "Remove a passkey or security key: it signs in no more",
        tags,
        params: Fido2Params,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      await removePasskey(ctx, admin.actor, user, request.params.fido2MethodId);
      return reply.status(204).send();
    },
  );
}
