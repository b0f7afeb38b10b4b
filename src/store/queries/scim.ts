import type { User } from "../../directory/types.ts";
import type { Db } from "../open-store.ts";
import type { ScimTokensTable, UsersTable } from "../schema.ts";
import { toUser } from "./users.ts";

/** A SCIM token as listed: never the token, which is shown once. */
export type ScimToken = {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
};

/** A user with what SCIM keeps besides Varco's own properties. */
export type ScimUserRow = {
  readonly user: User;
  readonly externalId: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
};

/** A group as SCIM shows it, with its members' ids and UPNs. */
export type ScimGroupRow = {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly externalId: string | null;
  readonly createdAt: number;
};

export async function insertScimToken(db: Db, row: ScimTokensTable): Promise<void> {
  await db.insertInto("scim_tokens").values(row).execute();
}

/** The live token whose hash is one of `hashes` (one per master key during a rotation). */
export async function findLiveScimTokenByHash(
  db: Db,
  hashes: readonly string[],
): Promise<ScimToken | undefined> {
  if (hashes.length === 0) return undefined;
  const row = await db
    .selectFrom("scim_tokens")
    .selectAll()
    .where("token_hash", "in", [...hashes])
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return row && toScimToken(row);
}

/** Records that a token was used now. */
export async function touchScimToken(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable("scim_tokens").set({ last_used_at: now }).where("id", "=", id).execute();
}

export async function listScimTokens(db: Db, tenantId: string): Promise<ScimToken[]> {
  const rows = await db
    .selectFrom("scim_tokens")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toScimToken);
}

/** Revokes a live token of the tenant; false when there is none with this id. */
export async function revokeScimTokenRow(
  db: Db,
  tenantId: string,
  id: string,
  now: number,
): Promise<ScimToken | undefined> {
  const row = await db
    .selectFrom("scim_tokens")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  const result = await db
    .updateTable("scim_tokens")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? toScimToken({ ...row, revoked_at: now }) : undefined;
}

function toScimToken(row: ScimTokensTable): ScimToken {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at == null ? null : Number(row.revoked_at),
    lastUsedAt: row.last_used_at == null ? null : Number(row.last_used_at),
  };
}

function toScimUser(row: UsersTable): ScimUserRow {
  return {
    user: toUser(row),
    externalId: row.external_id ?? null,
    givenName: row.given_name ?? null,
    familyName: row.family_name ?? null,
  };
}

/** One user of the tenant by id. */
export async function findScimUser(
  db: Db,
  tenantId: string,
  id: string,
): Promise<ScimUserRow | undefined> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toScimUser(row);
}

/**
 * The tenant's users by UPN, optionally only those whose column equals a value (the indexed
 * lookups a provisioning client makes before every create: `userName eq`, `externalId eq`).
 */
export async function listScimUsers(
  db: Db,
  tenantId: string,
  only?: { column: "upn_key" | "external_id" | "id"; value: string },
): Promise<ScimUserRow[]> {
  let query = db.selectFrom("users").selectAll().where("tenant_id", "=", tenantId);
  if (only) query = query.where(only.column, "=", only.value);
  const rows = await query.orderBy("upn_key").execute();
  return rows.map(toScimUser);
}

/** Writes what a SCIM replace sets: the UPN, the profile, the block and the SCIM attributes. */
export async function updateScimUserRow(
  db: Db,
  userId: string,
  set: Partial<
    Pick<
      UsersTable,
      | "upn"
      | "upn_key"
      | "display_name"
      | "mail"
      | "mobile_phone"
      | "department"
      | "blocked"
      | "blocked_reason"
      | "blocked_until"
      | "external_id"
      | "given_name"
      | "family_name"
    >
  >,
): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable("users").set(set).where("id", "=", userId).execute();
}

export async function setUserScimAttributes(
  db: Db,
  userId: string,
  set: { external_id: string | null; given_name: string | null; family_name: string | null },
): Promise<void> {
  await db.updateTable("users").set(set).where("id", "=", userId).execute();
}

function toScimGroup(row: {
  id: string;
  tenant_id: string;
  name: string;
  created_at: number;
  external_id?: string | null;
}): ScimGroupRow {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    externalId: row.external_id ?? null,
    createdAt: Number(row.created_at),
  };
}

export async function findScimGroup(
  db: Db,
  tenantId: string,
  id: string,
): Promise<ScimGroupRow | undefined> {
  const row = await db
    .selectFrom("groups")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toScimGroup(row);
}

/** The tenant's groups by name, optionally only the one with this name, external id or id. */
export async function listScimGroups(
  db: Db,
  tenantId: string,
  only?: { column: "name" | "external_id" | "id"; value: string },
): Promise<ScimGroupRow[]> {
  let query = db.selectFrom("groups").selectAll().where("tenant_id", "=", tenantId);
  if (only) query = query.where(only.column, "=", only.value);
  const rows = await query.orderBy("name").orderBy("id").execute();
  return rows.map(toScimGroup);
}

/** The members of the given groups, as (group, user id, UPN) in UPN order. */
export async function listMembersOf(
  db: Db,
  groupIds: readonly string[],
): Promise<{ groupId: string; userId: string; upn: string }[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom("group_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.group_id", "m.user_id", "u.upn"])
    .where("m.group_id", "in", [...groupIds])
    .orderBy("u.upn_key")
    .execute();
  return rows.map((row) => ({ groupId: row.group_id, userId: row.user_id, upn: row.upn }));
}

/** Which of `userIds` are users of the tenant, with their UPNs. */
export async function existingUserIds(
  db: Db,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["id", "upn"])
    .where("tenant_id", "=", tenantId)
    .where("id", "in", [...userIds])
    .execute();
  return new Map(rows.map((row) => [row.id, row.upn]));
}

export async function updateScimGroupRow(
  db: Db,
  groupId: string,
  set: { name?: string; external_id?: string | null },
): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable("groups").set(set).where("id", "=", groupId).execute();
}

/** Deletes a group and its memberships; false when it was gone already. */
export async function deleteGroupRow(db: Db, groupId: string): Promise<boolean> {
  await db.deleteFrom("group_members").where("group_id", "=", groupId).execute();
  const result = await db.deleteFrom("groups").where("id", "=", groupId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
