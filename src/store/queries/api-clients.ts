import type { Db } from "../open-store.ts";
import type { ApiClientsTable } from "../schema.ts";

export type ApiClientRecord = {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly secretHash: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
};

export async function insertApiClient(db: Db, row: ApiClientsTable): Promise<void> {
  await db.insertInto("api_clients").values(row).execute();
}

export async function findApiClient(db: Db, id: string): Promise<ApiClientRecord | undefined> {
  const row = await db
    .selectFrom("api_clients")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function listApiClients(db: Db, tenantId: string): Promise<ApiClientRecord[]> {
  const rows = await db
    .selectFrom("api_clients")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("created_at")
    .execute();
  return rows.map(toRecord);
}

export async function revokeApiClientRow(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("api_clients")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function touchApiClient(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable("api_clients").set({ last_used_at: now }).where("id", "=", id).execute();
}

function toRecord(row: ApiClientsTable): ApiClientRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    secretHash: row.secret_hash,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}
