import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { GroupsTable } from "../schema.ts";

export type Group = { readonly id: string; readonly name: string; readonly createdAt: number };

export async function insertGroup(db: Db, row: GroupsTable): Promise<void> {
  await db.insertInto("groups").values(row).execute();
}

export async function findGroupByName(
  db: Db,
  tenantId: string,
  name: string,
): Promise<Group | undefined> {
  const row = await db
    .selectFrom("groups")
    .select(["id", "name", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("name", "=", name)
    .executeTakeFirst();
  return row && { id: row.id, name: row.name, createdAt: row.created_at };
}

export async function listGroups(db: Db, tenantId: string): Promise<Group[]> {
  const rows = await db
    .selectFrom("groups")
    .select(["id", "name", "created_at"])
    .where("tenant_id", "=", tenantId)
    .orderBy("name")
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at }));
}

/** Adds a member; adding one twice is not an error. Returns whether the user was added now. */
export async function insertGroupMember(db: Db, groupId: string, userId: string): Promise<boolean> {
  const result = await db
    .insertInto("group_members")
    .values({ group_id: groupId, user_id: userId })
    .onConflict((c) => c.columns(["group_id", "user_id"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteGroupMember(db: Db, groupId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom("group_members")
    .where("group_id", "=", groupId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listGroupMemberIds(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("group_members")
    .select("user_id")
    .where("group_id", "=", groupId)
    .execute();
  return rows.map((row) => row.user_id);
}

const selectMembership = preparedQuery((db, args: { groupId: string; userId: string }) =>
  db
    .selectFrom("group_members")
    .select("user_id")
    .where("group_id", "=", args.groupId)
    .where("user_id", "=", args.userId),
);

export async function isGroupMember(db: Db, groupId: string, userId: string): Promise<boolean> {
  return (await selectMembership(db, { groupId, userId })).rows.length > 0;
}
