import { type Static, Type } from "typebox";
import type { Context } from "../../context.ts";
import { revokeAppPassword } from "../../methods/app-password/revoke-app-password.ts";
import { type AppPasswordEntry, listAppPasswords } from "../../store/queries/app-passwords.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { DateTime, isoTime, isoTimeOrNull, Nullable } from "../contracts/nullable.ts";
import { methodsTarget, UserParams } from "./target-user.ts";

const AppPasswordParams = Type.Object({
  id: Type.String({ description: "The user's id, or user principal name" }),
  appPasswordId: Type.String({ maxLength: 100, description: "The app password's id" }),
});

/** An app password as the admin API shows it: its name and dates, never the password. */
const GraphAppPassword = Type.Object(
  {
    id: Type.String({ description: "Varco's id of the app password" }),
    displayName: Type.String({ description: "The name the user gave it" }),
    createdDateTime: DateTime,
    lastUsedDateTime: Nullable(DateTime),
  },
  { description: "An app password; never the password, nor its hash" },
);

const graphAppPassword = (entry: AppPasswordEntry): Static<typeof GraphAppPassword> => ({
  id: entry.id,
  displayName: entry.name,
  createdDateTime: isoTime(entry.createdAt),
  lastUsedDateTime: isoTimeOrNull(entry.lastUsedAt),
});

/**
 * `users/{id}/authentication/appPasswords`: a user's app passwords, listed and revoked (only the
 * user creates one, on Security info: it is shown to them once). Every route takes
 * manageMethods on the user, like the other method routes.
 */
export function registerAppPasswordsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["methods"];
  const base = "/api/v1/users/:id/authentication/appPasswords";

  app.get(
    base,
    {
      schema: {
        summary: "The user's app passwords",
        tags,
        params: UserParams,
        response: {
          200: GraphCollection(GraphAppPassword, "The user's app passwords, oldest first"),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { user } = await methodsTarget(ctx, request, request.params.id);
      const entries = await listAppPasswords(ctx.store.db, user.id);
      return { value: entries.map(graphAppPassword) };
    },
  );

  app.delete(
    `${base}/:appPasswordId`,
    {
      schema: {
        summary: "Revoke an app password: the program that uses it signs in no more",
        tags,
        params: AppPasswordParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      await revokeAppPassword(ctx, admin.actor, user, request.params.appPasswordId);
      return reply.status(204).send();
    },
  );
}
