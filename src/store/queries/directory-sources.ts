import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { DirectorySourcesTable } from "../schema.ts";

const selectSource = preparedQuery((db, args: { tenantId: string }) =>
  db.selectFrom("directory_sources").selectAll().where("tenant_id", "=", args.tenantId),
);

/** The tenant's directory, if it takes its users from one (`Tenant.hasDirectory` says whether). */
export async function findDirectorySource(
  db: Db,
  tenantId: string,
): Promise<DirectorySourcesTable | undefined> {
  return (await selectSource(db, { tenantId })).rows[0];
}

/** Creates or replaces the tenant's directory settings, and marks the tenant as having one. */
export async function upsertDirectorySource(db: Db, row: DirectorySourcesTable): Promise<void> {
  await markTenantDirectory(db, row.tenant_id, true);
  await db
    .insertInto("directory_sources")
    .values(row)
    .onConflict((c) =>
      c.column("tenant_id").doUpdateSet({
        settings_json: row.settings_json,
        sealed_bind_password: row.sealed_bind_password,
        sync_interval_minutes: row.sync_interval_minutes,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function deleteDirectorySource(db: Db, tenantId: string): Promise<boolean> {
  await markTenantDirectory(db, tenantId, false);
  const result = await db
    .deleteFrom("directory_sources")
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Directories whose periodic sync is due at `now` (not taken within their interval). */
export async function listDueDirectorySources(
  db: Db,
  now: number,
): Promise<{ tenantId: string; claimedAt: number | null }[]> {
  const rows = await db
    .selectFrom("directory_sources")
    .select(["tenant_id", "sync_claimed_at", "sync_interval_minutes"])
    .where("sync_interval_minutes", ">", 0)
    .execute();
  return rows
    .filter(
      (r) =>
        r.sync_claimed_at === null || r.sync_claimed_at + r.sync_interval_minutes * 60_000 <= now,
    )
    .map((r) => ({ tenantId: r.tenant_id, claimedAt: r.sync_claimed_at }));
}

/**
 * Takes the periodic sync for this instance: a conditional update on the time last taken, so
 * that of several instances only one wins it. True when this one did.
 */
export async function claimDirectorySync(
  db: Db,
  tenantId: string,
  seen: number | null,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable("directory_sources")
    .set({ sync_claimed_at: now })
    .where("tenant_id", "=", tenantId)
    .where((eb) =>
      seen === null ? eb("sync_claimed_at", "is", null) : eb("sync_claimed_at", "=", seen),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function recordDirectorySync(
  db: Db,
  tenantId: string,
  at: number,
  result: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable("directory_sources")
    .set({ last_sync_at: at, last_sync_result: JSON.stringify(result) })
    .where("tenant_id", "=", tenantId)
    .execute();
}

/** The ids of the groups a user is a member of. */
export async function listGroupIdsOfUser(db: Db, userId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom("group_members")
    .select("group_id")
    .where("user_id", "=", userId)
    .execute();
  return new Set(rows.map((r) => r.group_id));
}

/** `tenants.has_directory`, written with the directory row in the caller's transaction. */
async function markTenantDirectory(db: Db, tenantId: string, has: boolean): Promise<void> {
  await db
    .updateTable("tenants")
    .set({ has_directory: has ? 1 : 0 })
    .where("id", "=", tenantId)
    .execute();
}
