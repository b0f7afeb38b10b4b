import { parseTenantPolicy, type TenantPolicy } from "../../policy/tenant-policy.ts";
import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { ApiKeysTable } from "../schema.ts";

export type ApiKey = {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
};

export async function insertApiKey(db: Db, row: ApiKeysTable): Promise<void> {
  await db.insertInto("api_keys").values(row).execute();
}

const selectLiveApiKey = preparedQuery((db, args: { hash: string }) =>
  db
    .selectFrom("api_keys as k")
    .innerJoin("tenants as t", "t.id", "k.tenant_id")
    .selectAll("k")
    .select("t.policy_json")
    .where("k.key_hash", "=", args.hash)
    .where("k.revoked_at", "is", null),
);

/**
 * The live key whose hash is one of `hashes` (one per master key during a rotation), with its
 * tenant's policy, so the validate path needs no second read for it.
 */
export async function findLiveApiKeyByHash(
  db: Db,
  hashes: readonly string[],
): Promise<{ apiKey: ApiKey; tenantPolicy: TenantPolicy; policyJson: string } | undefined> {
  for (const hash of hashes) {
    const [row] = (await selectLiveApiKey(db, { hash })).rows;
    if (row) {
      const policyJson = row.policy_json;
      return { apiKey: toApiKey(row), tenantPolicy: parseTenantPolicy(policyJson), policyJson };
    }
  }
  return undefined;
}

export async function findApiKey(db: Db, id: string): Promise<ApiKey | undefined> {
  const row = await db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toApiKey(row);
}

export async function listApiKeys(db: Db, tenantId: string): Promise<ApiKey[]> {
  const rows = await db
    .selectFrom("api_keys")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("created_at")
    .execute();
  return rows.map(toApiKey);
}

export async function revokeApiKeyRow(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable("api_keys")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

function toApiKey(row: ApiKeysTable): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
