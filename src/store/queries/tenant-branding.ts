import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { TenantBrandingTable } from "../schema.ts";

/** What a page needs of a tenant's branding: no logo bytes, only their hash. */
export type BrandingRow = Pick<
  TenantBrandingTable,
  "accent_colour" | "logo_type" | "logo_hash" | "updated_at"
>;

const selectBranding = preparedQuery((db, args: { tenantId: string }) =>
  db
    .selectFrom("tenant_branding")
    .select(["accent_colour", "logo_type", "logo_hash", "updated_at"])
    .where("tenant_id", "=", args.tenantId),
);

export async function findBranding(db: Db, tenantId: string): Promise<BrandingRow | undefined> {
  return (await selectBranding(db, { tenantId })).rows[0];
}

/** The logo's bytes (base64) and type, when the tenant has one. */
export async function findLogo(
  db: Db,
  tenantId: string,
): Promise<{ type: string; base64: string; hash: string } | undefined> {
  const row = await db
    .selectFrom("tenant_branding")
    .select(["logo_type", "logo_base64", "logo_hash"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row?.logo_type || !row.logo_base64 || !row.logo_hash) return undefined;
  return { type: row.logo_type, base64: row.logo_base64, hash: row.logo_hash };
}

/**
 * Writes a tenant's branding (insert or update). Without `logo_base64` the stored logo bytes stay
 * as they are (a new row has none).
 */
export async function saveBranding(
  db: Db,
  row: Omit<TenantBrandingTable, "logo_base64"> & { logo_base64?: string | null },
): Promise<void> {
  const { tenant_id: _id, ...changes } = row;
  await db
    .insertInto("tenant_branding")
    .values({ logo_base64: null, ...row })
    .onConflict((oc) => oc.column("tenant_id").doUpdateSet(changes))
    .execute();
}
