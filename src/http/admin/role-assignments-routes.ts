import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { assignRole, unassignRole } from "../../roles/assign-role.ts";
import { authorize } from "../../roles/authorize.ts";
import { parseRole, type Role, roleDisplayNames, roleTemplateIds } from "../../roles/roles.ts";
import { listRoleAssignments } from "../../store/queries/roles.ts";
import { adminOf } from "./admin-principal.ts";
import { targetUser } from "./target-user.ts";

const path = "/api/v1/roleManagement/directory/roleAssignments";

// Graph's roleAssignment. Its id is opaque: here the user and the role template, which is all
// an assignment is.
const assignmentJson = (principalId: string, role: Role) => ({
  id: `${principalId}_${roleTemplateIds[role]}`,
  principalId,
  roleDefinitionId: roleTemplateIds[role],
  roleDisplayName: roleDisplayNames[role],
  directoryScopeId: "/",
});

/**
 * `roleManagement/directory/roleAssignments` (Entra's "Add member to role"): who holds which of
 * seed 003's roles. Roles are named by Entra's template ids, as in Graph, or by Varco's names.
 */
export function registerRoleAssignmentsRoutes(app: FastifyInstance, ctx: Context): void {
  const tags = ["admin"];
  app.get<{ Querystring: { $filter?: string } }>(
    path,
    {
      schema: {
        summary: "The users who hold an administrator role",
        description: "$filter: principalId eq '…' and/or roleDefinitionId eq '…'.",
        tags,
        querystring: { type: "object", properties: { $filter: { type: "string" } } },
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

  app.post<{ Body: { principalId: string; roleDefinitionId: string; directoryScopeId?: string } }>(
    path,
    {
      schema: {
        summary: "Give a user an administrator role",
        tags,
        body: {
          type: "object",
          required: ["principalId", "roleDefinitionId"],
          additionalProperties: false,
          properties: {
            principalId: { type: "string", minLength: 1, maxLength: 256 },
            roleDefinitionId: { type: "string", minLength: 1, maxLength: 100 },
            directoryScopeId: { type: "string", enum: ["/"] },
          },
        },
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

  app.delete<{ Params: { id: string } }>(
    `${path}/:id`,
    { schema: { summary: "Take an administrator role from a user", tags } },
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
