import type { Db } from "../open-store.ts";
import type { AuditLogTable } from "../schema.ts";

export async function insertAudit(db: Db, row: AuditLogTable): Promise<void> {
  await db.insertInto("audit_log").values(row).execute();
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
