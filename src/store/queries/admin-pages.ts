import { type Expression, type SqlBool, sql } from "kysely";
import type { User } from "../../directory/types.ts";
import type { FilterCondition } from "../../odata/types.ts";
import type { Db } from "../open-store.ts";
import type { AuditLogTable, SignInLogTable } from "../schema.ts";
import { type FilterColumn, filterSql } from "./filter-sql.ts";
import { toUser } from "./users.ts";

// The admin API's lists, a page at a time: each reads one row more than asked for, to know
// whether a next page exists, and continues after the last row shown (keyset paging), so a page
// costs the same however deep it is.

const userFilterColumns: Record<string, FilterColumn> = {
  userPrincipalName: { column: "upn_key", caseInsensitive: true },
  displayName: { column: "display_name", caseInsensitive: true },
  createdDateTime: { column: "created_at" },
};

/**
 * `accountEnabled eq|ne true|false` at `now`: a user is enabled when not blocked, or when the
 * block has ended by itself (a fraud report's, src/directory/is-blocked.ts).
 */
function accountEnabledSql(condition: FilterCondition, now: number): Expression<SqlBool> {
  const until = sql.ref("blocked_until");
  const enabled = sql<SqlBool>`(${sql.ref("blocked")} = 0 or (${until} is not null and ${until} <= ${now}))`;
  const wanted = (condition.value === true) === (condition.op === "eq");
  return wanted ? enabled : sql<SqlBool>`not ${enabled}`;
}

export async function listUsersPage(
  db: Db,
  input: {
    tenantId: string;
    filter: FilterCondition[];
    top: number;
    afterUpnKey?: string;
    now: number;
  },
): Promise<{ users: User[]; more: boolean }> {
  let query = db.selectFrom("users").selectAll().where("tenant_id", "=", input.tenantId);
  for (const condition of input.filter) {
    query = query.where(
      condition.field === "accountEnabled"
        ? accountEnabledSql(condition, input.now)
        : filterSql(condition, userFilterColumns),
    );
  }
  if (input.afterUpnKey !== undefined) query = query.where("upn_key", ">", input.afterUpnKey);
  const rows = await query
    .orderBy("upn_key")
    .limit(input.top + 1)
    .execute();
  return { users: rows.slice(0, input.top).map(toUser), more: rows.length > input.top };
}

const signInFilterColumns: Record<string, FilterColumn> = {
  userPrincipalName: { column: "upn", caseInsensitive: true },
  userId: { column: "user_id" },
  createdDateTime: { column: "time" },
  ipAddress: { column: "ip" },
  result: { column: "result" },
  reason: { column: "reason" },
  clientAppUsed: { column: "client" },
};

export async function listSignInsPage(
  db: Db,
  input: {
    tenantId: string;
    filter: FilterCondition[];
    top: number;
    before?: { time: number; id: string };
  },
): Promise<{ entries: SignInLogTable[]; more: boolean }> {
  let query = db.selectFrom("sign_in_log").selectAll().where("tenant_id", "=", input.tenantId);
  for (const condition of input.filter)
    query = query.where(filterSql(condition, signInFilterColumns));
  const before = input.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([
        eb("time", "<", before.time),
        eb.and([eb("time", "=", before.time), eb("id", "<", before.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy("time", "desc")
    .orderBy("id", "desc")
    .limit(input.top + 1)
    .execute();
  return { entries: rows.slice(0, input.top), more: rows.length > input.top };
}

const auditFilterColumns: Record<string, FilterColumn> = {
  activityDisplayName: { column: "action", caseInsensitive: true },
  activityDateTime: { column: "time" },
  targetId: { column: "target_id" },
  initiatedByName: { column: "actor_name", caseInsensitive: true },
  correlationId: { column: "correlation_id" },
};

export async function listAuditPage(
  db: Db,
  input: { tenantId: string; filter: FilterCondition[]; top: number; beforeSeq?: number },
): Promise<{ entries: AuditLogTable[]; more: boolean }> {
  let query = db.selectFrom("audit_log").selectAll().where("tenant_id", "=", input.tenantId);
  for (const condition of input.filter)
    query = query.where(filterSql(condition, auditFilterColumns));
  if (input.beforeSeq !== undefined) query = query.where("seq", "<", input.beforeSeq);
  const rows = await query
    .orderBy("seq", "desc")
    .limit(input.top + 1)
    .execute();
  return { entries: rows.slice(0, input.top), more: rows.length > input.top };
}
