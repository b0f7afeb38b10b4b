import type { Tenant } from "../../directory/types.ts";
import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { TenantDomainsTable } from "../schema.ts";
import { toTenant } from "./tenants.ts";

export async function insertTenantDomain(db: Db, row: TenantDomainsTable): Promise<void> {
  await db.insertInto("tenant_domains").values(row).execute();
}

/** Removes `name` from the tenant; false when the tenant has no such domain. */
export async function deleteTenantDomain(db: Db, tenantId: string, name: string): Promise<boolean> {
  const result = await db
    .deleteFrom("tenant_domains")
    .where("tenant_id", "=", tenantId)
    .where("name", "=", name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listTenantDomains(db: Db, tenantId: string): Promise<TenantDomainsTable[]> {
  return db
    .selectFrom("tenant_domains")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("name")
    .execute();
}

export async function findTenantDomain(
  db: Db,
  name: string,
): Promise<TenantDomainsTable | undefined> {
  return db.selectFrom("tenant_domains").selectAll().where("name", "=", name).executeTakeFirst();
}

const selectTenantOfDomain = preparedQuery((db, args: { name: string }) =>
  db
    .selectFrom("tenant_domains")
    .innerJoin("tenants", "tenants.id", "tenant_domains.tenant_id")
    .selectAll("tenants")
    .where("tenant_domains.name", "=", args.name),
);

/** The tenant that has the domain `name` (lowercase), in one indexed read. */
export async function findTenantOfDomain(db: Db, name: string): Promise<Tenant | undefined> {
  const row = (await selectTenantOfDomain(db, { name })).rows[0];
  return row && toTenant(row);
}

/** Whether any tenant has a domain: without one, every user name belongs to the default tenant. */
export async function anyTenantDomain(db: Db): Promise<boolean> {
  const row = await db.selectFrom("tenant_domains").select("name").limit(1).executeTakeFirst();
  return row !== undefined;
}
