import { sql } from "kysely";
import type { Role } from "../../roles/roles.ts";
import type { Db } from "../open-store.ts";

export type PrincipalType = "user" | "apiClient";

export async function insertRoleAssignment(
  db: Db,
  row: {
    tenantId: string;
    principalType: PrincipalType;
    principalId: string;
    role: Role;
    now: number;
  },
): Promise<void> {
  await db
    .insertInto("role_assignments")
    .values({
      tenant_id: row.tenantId,
      principal_type: row.principalType,
      principal_id: row.principalId,
      role: row.role,
      created_at: row.now,
    })
    .execute();
}

/** True when the assignment existed. */
export async function deleteRoleAssignment(
  db: Db,
  principalType: PrincipalType,
  principalId: string,
  role: Role,
): Promise<boolean> {
  const result = await db
    .deleteFrom("role_assignments")
    .where("principal_type", "=", principalType)
    .where("principal_id", "=", principalId)
    .where("role", "=", role)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listRolesOf(
  db: Db,
  principalType: PrincipalType,
  principalId: string,
): Promise<Role[]> {
  const rows = await db
    .selectFrom("role_assignments")
    .select("role")
    .where("principal_type", "=", principalType)
    .where("principal_id", "=", principalId)
    .orderBy("role")
    .execute();
  return rows.map((row) => row.role as Role);
}

/** Every assignment in a tenant, for listing administrators. */
export async function listRoleAssignments(
  db: Db,
  tenantId: string,
): Promise<{ principalType: PrincipalType; principalId: string; role: Role }[]> {
  const rows = await db
    .selectFrom("role_assignments")
    .select(["principal_type", "principal_id", "role"])
    .where("tenant_id", "=", tenantId)
    .orderBy("role")
    .orderBy("principal_id")
    .execute();
  return rows.map((row) => ({
    principalType: row.principal_type as PrincipalType,
    principalId: row.principal_id,
    role: row.role as Role,
  }));
}

/**
 * Serialises changes to a tenant's roles until the transaction ends: an update of the tenant's
 * row takes its lock on PostgreSQL (SQLite has one writer anyway), so two removals cannot each
 * count the other's Global Administrator as still there.
 */
export async function lockTenantRoles(db: Db, tenantId: string): Promise<void> {
  await db
    .updateTable("tenants")
    .set((eb) => ({ name: eb.ref("name") }))
    .where("id", "=", tenantId)
    .execute();
}

/** How many users of a tenant hold `role`. */
export async function countUsersWithRole(db: Db, tenantId: string, role: Role): Promise<number> {
  const row = await db
    .selectFrom("role_assignments")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("tenant_id", "=", tenantId)
    .where("principal_type", "=", "user")
    .where("role", "=", role)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Whether the user holds any administrator role (when `anyRole`), or is a member of one of
 * `groupIds`: one statement, the two questions joined; none when there is no question.
 */
export async function holdsRoleOrIsMemberOf(
  db: Db,
  userId: string,
  question: { readonly anyRole: boolean; readonly groupIds: readonly string[] },
): Promise<boolean> {
  if (!question.anyRole && question.groupIds.length === 0) return false;
  const roles = db
    .selectFrom("role_assignments")
    .select(sql<number>`1`.as("found"))
    .where("principal_type", "=", "user")
    .where("principal_id", "=", userId);
  const groups = () =>
    db
      .selectFrom("group_members")
      .select(sql<number>`1`.as("found"))
      .where("user_id", "=", userId)
      .where("group_id", "in", [...question.groupIds]);
  const rows =
    question.groupIds.length === 0
      ? await roles.limit(1).execute()
      : question.anyRole
        ? await roles.unionAll(groups()).limit(1).execute()
        : await groups().limit(1).execute();
  return rows.length > 0;
}
