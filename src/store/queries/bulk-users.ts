import type { Role } from "../../roles/roles.ts";
import type { Db } from "../open-store.ts";

/** The tenant's domains, lowercase. */
export async function tenantDomainNames(db: Db, tenantId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("tenant_domains")
    .select("name")
    .where("tenant_id", "=", tenantId)
    .execute();
  return new Set(rows.map((row) => row.name));
}

/** Which of `keys` (upnKey form) are users of the tenant already: one indexed read. */
export async function existingUpnKeys(
  db: Db,
  tenantId: string,
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom("users")
    .select("upn_key")
    .where("tenant_id", "=", tenantId)
    .where("upn_key", "in", keys)
    .execute();
  return new Set(rows.map((row) => row.upn_key));
}

export type BulkTarget = { id: string; upn: string; displayName: string; roles: Role[] };

/** The tenant's users named by `keys` (upnKey form), with the roles each holds, by key. */
export async function usersWithRolesByKey(
  db: Db,
  tenantId: string,
  keys: readonly string[],
): Promise<Map<string, BulkTarget>> {
  if (keys.length === 0) return new Map();
  const users = await db
    .selectFrom("users")
    .select(["id", "upn", "upn_key", "display_name"])
    .where("tenant_id", "=", tenantId)
    .where("upn_key", "in", keys)
    .execute();
  const found = new Map<string, BulkTarget>();
  const byId = new Map<string, BulkTarget>();
  for (const user of users) {
    const target = { id: user.id, upn: user.upn, displayName: user.display_name, roles: [] };
    found.set(user.upn_key, target);
    byId.set(user.id, target);
  }
  if (byId.size === 0) return found;
  const roles = await db
    .selectFrom("role_assignments")
    .select(["principal_id", "role"])
    .where("principal_type", "=", "user")
    .where("principal_id", "in", [...byId.keys()])
    .execute();
  for (const { principal_id, role } of roles) byId.get(principal_id)?.roles.push(role as Role);
  return found;
}

/** Which of `userIds` hold a hardware token (a method of kind hardwareOath). */
export async function usersHoldingHardwareTokens(
  db: Db,
  userIds: readonly string[],
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("auth_methods")
    .select("user_id")
    .distinct()
    .where("user_id", "in", userIds)
    .where("kind", "=", "hardwareOath")
    .execute();
  return new Set(rows.map((row) => row.user_id));
}
