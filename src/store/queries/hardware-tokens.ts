import type { FilterCondition } from "../../odata/types.ts";
import { insertRows } from "../bulk-insert.ts";
import type { Db } from "../open-store.ts";
import type { HardwareTokensTable } from "../schema.ts";
import { type FilterColumn, filterSql } from "./filter-sql.ts";

/** A token of the inventory as administrators see it: never its seed. */
export type HardwareToken = {
  readonly id: string;
  readonly serialNumber: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly oathType: "totp" | "hotp";
  readonly algorithm: string;
  readonly digits: number;
  readonly period: number;
  readonly userId: string | null;
  readonly upn: string | null;
  /** Graph's hardwareOathTokenStatus: available, assigned (not yet activated), activated. */
  readonly status: "available" | "assigned" | "activated";
  readonly createdAt: number;
  readonly assignedAt: number | null;
};

// Rows per INSERT: 14 columns each, well under both databases' limits on bound parameters.
const insertBatch = 1000;

export async function insertTokens(db: Db, rows: readonly HardwareTokensTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += insertBatch) {
    await insertRows(db, "hardware_tokens", rows.slice(i, i + insertBatch));
  }
}

/** Which of `serials` the tenant's inventory already holds. */
export async function existingSerials(
  db: Db,
  tenantId: string,
  serials: readonly string[],
): Promise<Set<string>> {
  if (serials.length === 0) return new Set();
  const rows = await db
    .selectFrom("hardware_tokens")
    .select("serial_number")
    .where("tenant_id", "=", tenantId)
    .where("serial_number", "in", serials)
    .execute();
  return new Set(rows.map((row) => row.serial_number));
}

/** Which of `userIds` hold a token already. */
export async function usersWithTokens(db: Db, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("hardware_tokens")
    .select("user_id")
    .where("user_id", "in", userIds)
    .execute();
  return new Set(rows.flatMap((row) => (row.user_id ? [row.user_id] : [])));
}

const baseQuery = (db: Db) =>
  db
    .selectFrom("hardware_tokens as h")
    .leftJoin("users as u", "u.id", "h.user_id")
    .leftJoin("auth_methods as m", "m.id", "h.id")
    .select([
      "h.id",
      "h.serial_number",
      "h.manufacturer",
      "h.model",
      "h.oath_type",
      "h.algorithm",
      "h.digits",
      "h.period",
      "h.user_id",
      "h.created_at",
      "h.assigned_at",
      "u.upn",
      "m.state",
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number];

function toToken(row: Row): HardwareToken {
  return {
    id: row.id,
    serialNumber: row.serial_number,
    manufacturer: row.manufacturer,
    model: row.model,
    oathType: row.oath_type as "totp" | "hotp",
    algorithm: row.algorithm,
    digits: Number(row.digits),
    period: Number(row.period),
    userId: row.user_id,
    upn: row.upn,
    status: row.user_id === null ? "available" : row.state === "active" ? "activated" : "assigned",
    createdAt: Number(row.created_at),
    assignedAt: row.assigned_at === null ? null : Number(row.assigned_at),
  };
}

export async function findTokenBySerial(
  db: Db,
  tenantId: string,
  serial: string,
): Promise<HardwareToken | undefined> {
  const row = await baseQuery(db)
    .where("h.tenant_id", "=", tenantId)
    .where("h.serial_number", "=", serial)
    .executeTakeFirst();
  return row && toToken(row);
}

export async function findTokenById(
  db: Db,
  tenantId: string,
  id: string,
): Promise<HardwareToken | undefined> {
  const row = await baseQuery(db)
    .where("h.tenant_id", "=", tenantId)
    .where("h.id", "=", id)
    .executeTakeFirst();
  return row && toToken(row);
}

const tokenFilterColumns: Record<string, FilterColumn> = {
  serialNumber: { column: "h.serial_number" },
  manufacturer: { column: "h.manufacturer", caseInsensitive: true },
  model: { column: "h.model", caseInsensitive: true },
};

export async function listTokensPage(
  db: Db,
  input: { tenantId: string; filter: FilterCondition[]; top: number; afterSerial?: string },
): Promise<{ tokens: HardwareToken[]; more: boolean }> {
  let query = baseQuery(db).where("h.tenant_id", "=", input.tenantId);
  for (const condition of input.filter)
    query = query.where(filterSql(condition, tokenFilterColumns));
  if (input.afterSerial !== undefined)
    query = query.where("h.serial_number", ">", input.afterSerial);
  const rows = await query
    .orderBy("h.serial_number")
    .limit(input.top + 1)
    .execute();
  return { tokens: rows.slice(0, input.top).map(toToken), more: rows.length > input.top };
}

/** The seed and OATH settings of a token, to copy into the method of the user it is assigned to. */
export async function findTokenSecret(
  db: Db,
  id: string,
): Promise<HardwareTokensTable | undefined> {
  return db.selectFrom("hardware_tokens").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Assigns a free token, in one conditional write; false when it was taken meanwhile. */
export async function setTokenUser(
  db: Db,
  input: { id: string; userId: string | null; now: number; counter?: number },
): Promise<boolean> {
  let update = db
    .updateTable("hardware_tokens")
    .set({
      user_id: input.userId,
      assigned_at: input.userId === null ? null : input.now,
      ...(input.counter === undefined ? {} : { counter: input.counter }),
    })
    .where("id", "=", input.id);
  if (input.userId !== null) update = update.where("user_id", "is", null);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
