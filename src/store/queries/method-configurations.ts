import { sql } from "kysely";
import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { AuthenticationMethodConfigurationsTable } from "../schema.ts";

export type MethodConfigurationRow = Omit<AuthenticationMethodConfigurationsTable, "tenant_id">;

const columns = [
  "method_id",
  "state",
  "include_targets_json",
  "exclude_targets_json",
  "settings_json",
  "updated_at",
] as const;

/** The methods the tenant has configured; one without a row keeps its default. */
export async function listMethodConfigurationRows(
  db: Db,
  tenantId: string,
): Promise<MethodConfigurationRow[]> {
  return db
    .selectFrom("authentication_method_configurations")
    .select(columns)
    .where("tenant_id", "=", tenantId)
    .execute();
}

/** Writes the method's configuration, replacing the one the tenant had. */
export async function saveMethodConfiguration(
  db: Db,
  row: AuthenticationMethodConfigurationsTable,
): Promise<void> {
  await db
    .insertInto("authentication_method_configurations")
    .values(row)
    .onConflict((c) =>
      c.columns(["tenant_id", "method_id"]).doUpdateSet({
        state: row.state,
        include_targets_json: row.include_targets_json,
        exclude_targets_json: row.exclude_targets_json,
        settings_json: row.settings_json ?? null,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

/**
 * One row per configured method of the tenant (`group_id` null), with its own settings (Fido2's),
 * then one per group the user belongs to (the other columns null): both answers in one
 * statement, one round trip.
 */
export type ConfigurationOrGroupRow = {
  method_id: string | null;
  state: string | null;
  include_targets_json: string | null;
  exclude_targets_json: string | null;
  settings_json: string | null;
  group_id: string | null;
};

const selectConfigurationsAndGroups = preparedQuery(
  (db, args: { tenantId: string; userId: string }) =>
    db
      .selectFrom("authentication_method_configurations")
      .select((eb) => [
        eb.ref("method_id").$castTo<string | null>().as("method_id"),
        eb.ref("state").$castTo<string | null>().as("state"),
        eb.ref("include_targets_json").$castTo<string | null>().as("include_targets_json"),
        eb.ref("exclude_targets_json").$castTo<string | null>().as("exclude_targets_json"),
        eb.ref("settings_json").$castTo<string | null>().as("settings_json"),
        sql<string | null>`cast(null as text)`.as("group_id"),
      ])
      .where("tenant_id", "=", args.tenantId)
      .unionAll(
        db
          .selectFrom("group_members")
          .select((eb) => [
            sql<string | null>`cast(null as text)`.as("method_id"),
            sql<string | null>`cast(null as text)`.as("state"),
            sql<string | null>`cast(null as text)`.as("include_targets_json"),
            sql<string | null>`cast(null as text)`.as("exclude_targets_json"),
            sql<string | null>`cast(null as text)`.as("settings_json"),
            eb.ref("group_id").$castTo<string | null>().as("group_id"),
          ])
          .where("user_id", "=", args.userId),
      ),
);

/** The tenant's configured methods and the user's group ids, in one statement. */
export async function listConfigurationsAndGroups(
  db: Db,
  tenantId: string,
  userId: string,
): Promise<ConfigurationOrGroupRow[]> {
  return (await selectConfigurationsAndGroups(db, { tenantId, userId }))
    .rows as ConfigurationOrGroupRow[];
}

/** Which of `ids` are groups of the tenant. */
export async function findTenantGroupIds(
  db: Db,
  tenantId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("groups")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("id", "in", [...ids])
    .execute();
  return new Set(rows.map((row) => row.id));
}
