import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { AuditLogTable } from "../schema.ts";

// Columns named one by one: the prepared query's stand-in arguments cannot be enumerated.
const insertAuditRow = preparedQuery((db, row: AuditLogTable) =>
  db.insertInto("audit_log").values({
    id: row.id,
    tenant_id: row.tenant_id,
    time: row.time,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    action: row.action,
    target_type: row.target_type,
    target_id: row.target_id,
    details_json: row.details_json,
    correlation_id: row.correlation_id,
    ip: row.ip,
  }),
);

export async function insertAudit(db: Db, row: AuditLogTable): Promise<void> {
  await insertAuditRow(db, row);
}

export async function listAudit(db: Db, tenantId: string, limit = 100): Promise<AuditLogTable[]> {
  return db
    .selectFrom("audit_log")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("time", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}
