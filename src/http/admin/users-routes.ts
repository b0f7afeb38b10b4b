import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { setUserBlocked } from "../../directory/block-user.ts";
import { createUser } from "../../directory/create-user.ts";
import { deleteUser } from "../../directory/delete-user.ts";
import { isBlocked } from "../../directory/is-blocked.ts";
import { setPassword } from "../../directory/set-password.ts";
import { updateUser } from "../../directory/update-user.ts";
import { checkProfile } from "../../directory/user-profile.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { parseTop } from "../../odata/parse-top.ts";
import { decodeSkipToken } from "../../odata/skip-token.ts";
import { forgetDevices } from "../../remembered-devices/forget-devices.ts";
import { authorize } from "../../roles/authorize.ts";
import { revokeUserSessions } from "../../sessions/revoke-sessions.ts";
import { listUsersPage } from "../../store/queries/admin-pages.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import { findUserById } from "../../store/queries/users.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { BooleanValue, GraphCollection, ListQuery } from "../contracts/graph-collection.ts";
import { noContent } from "../contracts/no-content.ts";
import { Nullable } from "../contracts/nullable.ts";
import { adminOf } from "./admin-principal.ts";
import { collection } from "./collection.ts";
import { GraphUser, graphUser } from "./graph-json.ts";
import { targetUser, UserMethodParams, UserParams } from "./target-user.ts";

/** Graph's passwordProfile, as a PATCH of the user sets it. */
const PasswordProfile = Type.Object(
  {
    password: Type.String({ maxLength: 1024, description: "The new password" }),
    forceChangePasswordNextSignIn: Type.Optional(
      Type.Boolean({
        description: "true: the user chooses a new password at the next sign-in (default false)",
      }),
    ),
  },
  { additionalProperties: false },
);

/** Graph's mail, mobilePhone and department: null (on a PATCH) clears one. */
const ProfileFields = {
  mail: Type.Optional(Nullable(Type.String({ maxLength: 254, description: "E-mail address" }))),
  mobilePhone: Type.Optional(
    Nullable(Type.String({ maxLength: 32, description: "E.164, such as +39 333 1234567" })),
  ),
  department: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
};

// Graph's fixed id of the password method.
const passwordMethodId = "28c10230-6103-485e-b985-444c60001490";

/**
 * `users`: search, read, create, edit, delete, block and unblock, sign out everywhere, reset the
 * password (and ask for a new one at the next sign-in).
 */
export function registerUsersRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["users"];
  app.get(
    "/api/v1/users",
    {
      schema: {
        summary: "List users",
        description:
          "$filter on userPrincipalName, displayName, accountEnabled, createdDateTime; ordered by user principal name.",
        tags,
        querystring: ListQuery,
        response: {
          200: GraphCollection(GraphUser, "A page of users"),
          ...errorResponses(400, 401, 403),
        },
      },
    },
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
      const now = ctx.now();
      const page = await listUsersPage(ctx.store.db, {
        tenantId: admin.tenantId,
        filter,
        top,
        ...(typeof after === "string" ? { afterUpnKey: after } : {}),
        now,
      });
      const value = await Promise.all(
        page.users.map(async (u) =>
          graphUser(u, await listRolesOf(ctx.store.db, "user", u.id), now),
        ),
      );
      const last = page.users.at(-1);
      return collection(
        request,
        value,
        page.more && last ? { upn: last.upn.toLowerCase() } : undefined,
      );
    },
  );

  app.post(
    "/api/v1/users",
    {
      schema: {
        summary: "Create a user",
        description:
          "Graph's create user: userPrincipalName, displayName, accountEnabled (false: created blocked), passwordProfile (optional here: a user without a password signs in with a Temporary Access Pass), mail, mobilePhone (E.164, such as +39 333 1234567), department. 409 user_exists when the UPN is taken.",
        tags,
        body: Type.Object(
          {
            userPrincipalName: Type.String({ maxLength: 256 }),
            displayName: Type.Optional(
              Type.String({ maxLength: 256, description: "Default: the user principal name" }),
            ),
            accountEnabled: Type.Optional(
              Type.Boolean({ description: "false creates the user blocked (default true)" }),
            ),
            passwordProfile: Type.Optional(PasswordProfile),
            ...ProfileFields,
          },
          { additionalProperties: false },
        ),
        response: { 201: GraphUser, ...errorResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      authorize(admin, "manageUsers");
      const tenant = await findTenantById(ctx.store.db, admin.tenantId);
      if (!tenant) throw new VarcoError("not_found", "the tenant is gone");
      const body = request.body;
      const user = await createUser(ctx, admin.actor, tenant, {
        upn: body.userPrincipalName,
        displayName: body.displayName,
        password: body.passwordProfile?.password,
        forceChangePasswordNextSignIn: body.passwordProfile?.forceChangePasswordNextSignIn,
        accountEnabled: body.accountEnabled,
        blockedReason: "Created disabled by an administrator",
        mail: body.mail,
        mobilePhone: body.mobilePhone,
        department: body.department,
      });
      return reply.status(201).send(graphUser(user, [], ctx.now()));
    },
  );

  app.delete(
    "/api/v1/users/:id",
    {
      schema: {
        summary: "Delete a user",
        description:
          "The user's methods, sessions, remembered devices, backup codes, Temporary Access Pass, pending sign-ins, roles and group memberships go with them; the sign-in and audit logs keep their entries. Deleting an administrator needs a Global Administrator; the tenant's last Global Administrator cannot be deleted (409 last_global_administrator).",
        tags,
        params: UserParams,
        response: {
          204: noContent("Deleted; no content"),
          ...errorResponses(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageUsers", target);
      await deleteUser(ctx, admin.actor, target.user);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/users/:id",
    {
      schema: {
        summary: "A user, by id or user principal name",
        tags,
        params: UserParams,
        response: { 200: GraphUser, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readDirectory");
      const target = await targetUser(ctx, admin, request.params.id);
      return graphUser(target.user, target.roles, ctx.now());
    },
  );

  app.patch(
    "/api/v1/users/:id",
    {
      schema: {
        summary:
          "Change the display name, e-mail, mobile phone, department; block or unblock sign-in; or reset the password (Graph's passwordProfile)",
        description:
          "displayName, mail, mobilePhone (E.164) and department (null clears one) may come together, and with accountEnabled: every value is checked before anything changes. accountEnabled comes with the reason for the audit log. passwordProfile comes alone: a new password, which ends every session and remembered device of the user, and with forceChangePasswordNextSignIn the user chooses another at the next sign-in.",
        tags,
        params: UserParams,
        body: Type.Object(
          {
            accountEnabled: Type.Optional(
              Type.Boolean({ description: "false blocks sign-in, true lifts the block" }),
            ),
            reason: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 500,
                description: "Why, for the audit log: required with accountEnabled",
              }),
            ),
            passwordProfile: Type.Optional(PasswordProfile),
            displayName: Type.Optional(Type.String({ maxLength: 256 })),
            ...ProfileFields,
          },
          { additionalProperties: false },
        ),
        response: { 200: GraphUser, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      const {
        accountEnabled,
        reason,
        passwordProfile,
        displayName,
        mail,
        mobilePhone,
        department,
      } = request.body;
      const profile = { displayName, mail, mobilePhone, department };
      const changesProfile = Object.values(profile).some((value) => value !== undefined);
      if (
        (accountEnabled !== undefined && passwordProfile !== undefined) ||
        (passwordProfile !== undefined && changesProfile) ||
        (accountEnabled === undefined && passwordProfile === undefined && !changesProfile)
      ) {
        throw new VarcoError(
          "invalid_request",
          "give the properties to change (displayName, mail, mobilePhone, department, accountEnabled with a reason), or passwordProfile alone",
        );
      }
      if (passwordProfile) {
        if (reason !== undefined) {
          throw new VarcoError("invalid_request", "reason goes with accountEnabled only");
        }
        authorize(admin, "resetPassword", target);
        await setPassword(ctx, admin.actor, target.user, passwordProfile.password, {
          forceChangeNextSignIn: passwordProfile.forceChangePasswordNextSignIn ?? false,
        });
        const user = await findUserById(ctx.store.db, target.user.id);
        if (!user) throw new VarcoError("user_not_found", "the user is gone");
        return graphUser(user, target.roles, ctx.now());
      }
      if (changesProfile) {
        authorize(admin, "manageUsers", target);
        checkProfile(profile);
      }
      if (accountEnabled === undefined) {
        if (reason !== undefined) {
          throw new VarcoError("invalid_request", "reason goes with accountEnabled only");
        }
      } else {
        authorize(admin, "blockUsers", target);
        if (reason === undefined) {
          throw new VarcoError("invalid_reason", "give the reason for the audit log");
        }
        if (isBlocked(target.user, ctx.now()) === !accountEnabled) {
          throw new VarcoError(
            "invalid_request",
            `the user is already ${accountEnabled ? "enabled" : "blocked"}`,
          );
        }
      }
      let user = target.user;
      if (changesProfile) user = await updateUser(ctx, admin.actor, user, profile);
      if (accountEnabled !== undefined) {
        user = await setUserBlocked(ctx, admin.actor, user, {
          blocked: !accountEnabled,
          reason: reason ?? "",
        });
      }
      return graphUser(user, target.roles, ctx.now());
    },
  );

  app.post(
    "/api/v1/users/:id/revokeSignInSessions",
    {
      schema: {
        summary: "End every session and forget every remembered device",
        tags,
        params: UserParams,
        response: { 200: BooleanValue, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageSessions", target);
      await revokeUserSessions(ctx, admin.actor, target.user);
      await forgetDevices(ctx, admin.actor, target.user);
      return { value: true };
    },
  );

  app.post(
    "/api/v1/users/:id/authentication/passwordMethods/:methodId/resetPassword",
    {
      schema: {
        summary: "Set a new password (the user's sessions and remembered devices end)",
        description: `The password method's id is always ${passwordMethodId}, as in Graph. To ask the user for a new password at the next sign-in, PATCH the user's passwordProfile with forceChangePasswordNextSignIn.`,
        tags,
        params: UserMethodParams,
        body: Type.Object(
          { newPassword: Type.String({ maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: {
          202: noContent("The password is set; no content"),
          ...errorResponses(400, 401, 403, 404, 413, 415),
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
