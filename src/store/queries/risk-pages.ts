import type { FilterCondition } from "../../odata/types.ts";
import type { Db } from "../open-store.ts";
import { type FilterColumn, filterSql } from "./filter-sql.ts";

const riskyUserColumns: Record<string, FilterColumn> = {
  riskLevel: { column: "r.risk_level" },
  riskState: { column: "r.risk_state" },
  userPrincipalName: { column: "u.upn_key", caseInsensitive: true },
  riskLastUpdatedDateTime: { column: "r.updated_at" },
};

export async function listRiskyUsersPage(
  db: Db,
  input: {
    tenantId: string;
    filter: FilterCondition[];
    top: number;
    before?: { time: number; userId: string };
  },
) {
  let query = db
    .selectFrom("risky_users as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select([
      "r.user_id",
      "u.upn",
      "u.display_name",
      "r.risk_level",
      "r.risk_state",
      "r.risk_detail",
      "r.updated_at",
    ])
    .where("r.tenant_id", "=", input.tenantId);
  for (const condition of input.filter) query = query.where(filterSql(condition, riskyUserColumns));
  const before = input.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb("r.updated_at", "<", before.time),
        eb.and([eb("r.updated_at", "=", before.time), eb("r.user_id", "<", before.userId)]),
      ]),
    );
  }
  const rows = await query
    .orderBy("r.updated_at", "desc")
    .orderBy("r.user_id", "desc")
    .limit(input.top + 1)
    .execute();
  return { rows: rows.slice(0, input.top), more: rows.length > input.top };
}

const detectionColumns: Record<string, FilterColumn> = {
  riskEventType: { column: "d.risk_event_type" },
  userId: { column: "d.user_id" },
  userPrincipalName: { column: "u.upn_key", caseInsensitive: true },
  detectedDateTime: { column: "d.detected_at" },
};

export async function listRiskDetectionsPage(
  db: Db,
  input: {
    tenantId: string;
    filter: FilterCondition[];
    top: number;
    before?: { time: number; id: string };
  },
) {
  let query = db
    .selectFrom("risk_detections as d")
    .innerJoin("users as u", "u.id", "d.user_id")
    .select([
      "d.id",
      "d.user_id",
      "u.upn",
      "d.risk_event_type",
      "d.risk_level",
      "d.source",
      "d.ip",
      "d.detected_at",
    ])
    .where("d.tenant_id", "=", input.tenantId);
  for (const condition of input.filter) query = query.where(filterSql(condition, detectionColumns));
  const before = input.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb("d.detected_at", "<", before.time),
        eb.and([eb("d.detected_at", "=", before.time), eb("d.id", "<", before.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy("d.detected_at", "desc")
    .orderBy("d.id", "desc")
    .limit(input.top + 1)
    .execute();
  return { rows: rows.slice(0, input.top), more: rows.length > input.top };
}
