import type { Tenant } from "../../directory/types.ts";
import { parseTenantPolicy } from "../../policy/tenant-policy.ts";
import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { TenantsTable } from "../schema.ts";

export async function insertTenant(db: Db, row: TenantsTable): Promise<void> {
  await db.insertInto("tenants").values(row).execute();
}

const selectTenantByName = preparedQuery((db, args: { name: string }) =>
  db.selectFrom("tenants").selectAll().where("name", "=", args.name),
);

export async function findTenantByName(db: Db, name: string): Promise<Tenant | undefined> {
  const row = (await selectTenantByName(db, { name })).rows[0];
  return row && toTenant(row);
}

const selectTenantById = preparedQuery((db, args: { id: string }) =>
  db.selectFrom("tenants").selectAll().where("id", "=", args.id),
);

export async function findTenantById(db: Db, id: string): Promise<Tenant | undefined> {
  const row = (await selectTenantById(db, { id })).rows[0];
  return row && toTenant(row);
}

export async function listTenants(db: Db): Promise<Tenant[]> {
  const rows = await db
    .selectFrom("tenants")
    .selectAll()
    .orderBy("created_at")
    .orderBy("name")
    .execute();
  return rows.map(toTenant);
}

export function toTenant(row: TenantsTable): Tenant {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    policy: parseTenantPolicy(row.policy_json),
    createdAt: row.created_at,
    hasDirectory: Number(row.has_directory ?? 0) === 1,
  };
}

export async function updateTenantDisplayName(
  db: Db,
  tenantId: string,
  displayName: string,
): Promise<void> {
  await db
    .updateTable("tenants")
    .set({ display_name: displayName })
    .where("id", "=", tenantId)
    .execute();
}

export async function updateTenantPolicy(
  db: Db,
  tenantId: string,
  policyJson: string,
): Promise<void> {
  await db
    .updateTable("tenants")
    .set({ policy_json: policyJson })
    .where("id", "=", tenantId)
    .execute();
}
