import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { SignInLogTable } from "../schema.ts";
import type { WriteBatch } from "../write-batch.ts";

// Columns named one by one: the prepared query's stand-in arguments cannot be enumerated.
const insertSignInRow = preparedQuery((db, row: SignInLogTable) =>
  db.insertInto("sign_in_log").values({
    id: row.id,
    tenant_id: row.tenant_id,
    time: row.time,
    user_id: row.user_id,
    upn: row.upn,
    client: row.client,
    ip: row.ip,
    user_agent: row.user_agent,
    result: row.result,
    reason: row.reason,
    method_id: row.method_id,
    method_kind: row.method_kind,
    correlation_id: row.correlation_id,
    mfa: row.mfa,
    first_factor: row.first_factor,
  }),
);

export async function insertSignIn(db: Db, row: SignInLogTable, later?: WriteBatch): Promise<void> {
  if (later) later.add(insertSignInRow, row);
  else await insertSignInRow(db, row);
}

export async function listSignIns(
  db: Db,
  tenantId: string,
  limit = 100,
): Promise<SignInLogTable[]> {
  return db
    .selectFrom("sign_in_log")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("time", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

/** Deletes a tenant's entries from before `time`; returns how many went. */
export async function deleteSignInsBefore(db: Db, tenantId: string, time: number): Promise<number> {
  const result = await db
    .deleteFrom("sign_in_log")
    .where("tenant_id", "=", tenantId)
    .where("time", "<", time)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
