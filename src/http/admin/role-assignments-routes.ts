import { type Static, Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { assignRole, unassignRole } from "../../roles/assign-role.ts";
import { authorize } from "../../roles/authorize.ts";
import { parseRole, type Role, roleDisplayNames, roleTemplateIds } from "../../roles/roles.ts";
import { listRoleAssignments } from "../../store/queries/roles.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { adminOf } from "./admin-principal.ts";
import { targetUser } from "./target-user.ts";

const path = "/api/v1/roleManagement/directory/roleAssignments";

// Graph's roleAssignment. Its id is opaque: here the user and the role template, which is all
// an assignment is.
const RoleAssignment = Type.Object(
  {
    id: Type.String({ description: "The user's id and the role's template id" }),
    principalId: Type.String({ description: "The user's id" }),
    roleDefinitionId: Type.String({ description: "Entra's template id of the role" }),
    roleDisplayName: Type.String(),
    directoryScopeId: Type.Literal("/"),
  },
  { description: "A user holding an administrator role" },
);

const assignmentJson = (principalId: string, role: Role) =>
  ({
    id: `${principalId}_${roleTemplateIds[role]}`,
    principalId,
    roleDefinitionId: roleTemplateIds[role],
    roleDisplayName: roleDisplayNames[role],
    directoryScopeId: "/",
  }) satisfies Static<typeof RoleAssignment>;

const NewRoleAssignment = Type.Object(
  {
    principalId: Type.String({
      minLength: 1,
      maxLength: 256,
      description: "The user's id or user principal name",
    }),
    roleDefinitionId: Type.String({
      minLength: 1,
      maxLength: 100,
      description: "Entra's template id of the role, or Varco's name (helpdeskAdministrator)",
    }),
    directoryScopeId: Type.Optional(Type.Literal("/")),
  },
  { additionalProperties: false },
);

/**
 * `roleManagement/directory/roleAssignments` (Entra's "Add member to role"): who holds which of
 * seed 003's roles. Roles are named by Entra's template ids, as in Graph, or by Varco's names.
 */
export function registerRoleAssignmentsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["roles"];
  app.get(
    path,
    {
      schema: {
        summary: "The users who hold an administrator role",
        description: "$filter: principalId eq '…' and/or roleDefinitionId eq '…'.",
        tags,
        querystring: Type.Object({
          $filter: Type.Optional(Type.String({ description: "OData filter, eq and and only" })),
        }),
        response: {
          200: GraphCollection(RoleAssignment, "Every assignment that matches"),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readDirectory");
      const conditions = parseFilter(request.query.$filter, {
        principalId: "string",
        roleDefinitionId: "string",
      });
      if (conditions.some((c) => c.op !== "eq")) {
        throw new VarcoError("invalid_request", "role assignments are filtered with eq only");
      }
      const value = (await listRoleAssignments(ctx.store.db, admin.tenantId))
        .filter((a) => a.principalType === "user")
        .map((a) => assignmentJson(a.principalId, a.role))
        .filter((a) =>
          conditions.every((c) => a[c.field as "principalId" | "roleDefinitionId"] === c.value),
        );
      return { value };
    },
  );

  app.post(
    path,
    {
      schema: {
        summary: "Give a user an administrator role",
        description: "A role the user already holds, or an unknown role, is refused with 400.",
        tags,
        body: NewRoleAssignment,
        response: { 201: RoleAssignment, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      authorize(admin, "manageRoles");
      const role = parseRole(request.body.roleDefinitionId);
      const target = await targetUser(ctx, admin, request.body.principalId);
      await assignRole(ctx, admin.actor, target.user, role);
      return reply.status(201).send(assignmentJson(target.user.id, role));
    },
  );

  app.delete(
    `${path}/:id`,
    {
      schema: {
        summary: "Take an administrator role from a user",
        description:
          "The tenant's last Global Administrator keeps the role: 409 last_global_administrator.",
        tags,
        params: Type.Object({ id: Type.String({ description: "The assignment's id" }) }),
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      authorize(admin, "manageRoles");
      const match = /^([^_]{1,256})_([0-9a-f-]{36})$/.exec(request.params.id);
      const role = Object.entries(roleTemplateIds).find(([, id]) => id === match?.[2])?.[0];
      if (!match?.[1] || !role) {
        throw new VarcoError("not_found", "no role assignment with that id");
      }
      const target = await targetUser(ctx, admin, match[1]);
      await unassignRole(ctx, admin.actor, target.user, role as Role);
      return reply.status(204).send();
    },
  );
}
