import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { TenantPhoneSettingsTable } from "../schema.ts";

const selectSettings = preparedQuery((db, args: { tenantId: string }) =>
  db.selectFrom("tenant_phone_settings").selectAll().where("tenant_id", "=", args.tenantId),
);

/** The tenant's phone settings row; undefined while it has the defaults. */
export async function findPhoneSettings(
  db: Db,
  tenantId: string,
): Promise<TenantPhoneSettingsTable | undefined> {
  return (await selectSettings(db, { tenantId })).rows[0];
}

/**
 * Writes the settings when the stored version is still `expectedVersion` (0: no row yet), and
 * says whether it did: a change made from an older read writes nothing, instead of undoing the
 * change that came between.
 */
export async function writePhoneSettings(
  db: Db,
  row: TenantPhoneSettingsTable,
  expectedVersion: number,
): Promise<boolean> {
  if (expectedVersion === 0) {
    const result = await db
      .insertInto("tenant_phone_settings")
      .values(row)
      .onConflict((c) => c.column("tenant_id").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const { tenant_id, ...columns } = row;
  const result = await db
    .updateTable("tenant_phone_settings")
    .set(columns)
    .where("tenant_id", "=", tenant_id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
