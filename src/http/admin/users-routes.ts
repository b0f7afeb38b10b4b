import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { setUserBlocked } from "../../directory/block-user.ts";
import { setPassword } from "../../directory/set-password.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { parseTop } from "../../odata/parse-top.ts";
import { decodeSkipToken } from "../../odata/skip-token.ts";
import { forgetDevices } from "../../remembered-devices/forget-devices.ts";
import { authorize } from "../../roles/authorize.ts";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import { listUsersPage } from "../../store/queries/admin-pages.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import { adminOf } from "./admin-principal.ts";
import { collection, type ListQuery, listQuerySchema } from "./collection.ts";
import { graphUser } from "./graph-json.ts";
import { targetUser } from "./target-user.ts";

type UserParams = { id: string };

// Graph's fixed id of the password method.
const passwordMethodId = "28c10230-6103-485e-b985-444c60001490";

/** `users`: search, read, block and unblock, sign out everywhere, reset the password. */
export function registerUsersRoutes(app: FastifyInstance, ctx: Context): void {
  const tags = ["admin"];
  app.get<{ Querystring: ListQuery }>(
    "/api/v1/users",
    { schema: { summary: "List users", tags, querystring: listQuerySchema } },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readDirectory");
      const top = parseTop(request.query.$top, 100, 999);
      const filter = parseFilter(request.query.$filter, {
        userPrincipalName: "string",
        displayName: "string",
        accountEnabled: "boolean",
        createdDateTime: "dateTime",
      });
      const after = decodeSkipToken(request.query.$skiptoken)?.upn;
      const page = await listUsersPage(ctx.store.db, {
        tenantId: admin.tenantId,
        filter,
        top,
        ...(typeof after === "string" ? { afterUpnKey: after } : {}),
      });
      const value = await Promise.all(
        page.users.map(async (u) => graphUser(u, await listRolesOf(ctx.store.db, "user", u.id))),
      );
      const last = page.users.at(-1);
      return collection(
        request,
        value,
        page.more && last ? { upn: last.upn.toLowerCase() } : undefined,
      );
    },
  );

  app.get<{ Params: UserParams }>(
    "/api/v1/users/:id",
    { schema: { summary: "A user, by id or user principal name", tags } },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readDirectory");
      const target = await targetUser(ctx, admin, request.params.id);
      return graphUser(target.user, target.roles);
    },
  );

  app.patch<{ Params: UserParams; Body: { accountEnabled: boolean; reason: string } }>(
    "/api/v1/users/:id",
    {
      schema: {
        summary: "Block or unblock sign-in (seed 001), with the reason for the audit log",
        tags,
        body: {
          type: "object",
          required: ["accountEnabled", "reason"],
          additionalProperties: false,
          properties: {
            accountEnabled: { type: "boolean" },
            reason: { type: "string", minLength: 1, maxLength: 500 },
          },
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "blockUsers", target);
      const blocked = !request.body.accountEnabled;
      if (target.user.blocked === blocked) {
        throw new VarcoError(
          "invalid_request",
          `the user is already ${blocked ? "blocked" : "enabled"}`,
        );
      }
      const user = await setUserBlocked(ctx, admin.actor, target.user, {
        blocked,
        reason: request.body.reason,
      });
      return graphUser(user, target.roles);
    },
  );

  app.post<{ Params: UserParams }>(
    "/api/v1/users/:id/revokeSignInSessions",
    { schema: { summary: "End every session and forget every remembered device", tags } },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageSessions", target);
      await revokeUserSessions(ctx, admin.actor, target.user);
      await forgetDevices(ctx, admin.actor, target.user);
      return { value: true };
    },
  );

  app.post<{ Params: UserParams & { methodId: string }; Body: { newPassword: string } }>(
    "/api/v1/users/:id/authentication/passwordMethods/:methodId/resetPassword",
    {
      schema: {
        summary: "Set a new password (the user's sessions end)",
        tags,
        body: {
          type: "object",
          required: ["newPassword"],
          additionalProperties: false,
          properties: { newPassword: { type: "string", maxLength: 1024 } },
        },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      if (request.params.methodId !== passwordMethodId) {
        throw new VarcoError("not_found", `the password method's id is ${passwordMethodId}`);
      }
      authorize(admin, "resetPassword", target);
      await setPassword(ctx, admin.actor, target.user, request.body.newPassword);
      return reply.status(202).send();
    },
  );
}
