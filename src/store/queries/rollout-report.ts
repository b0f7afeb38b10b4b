import { type SqlBool, sql } from "kysely";
import { oathKinds } from "../../methods/types.ts";
import type { Db } from "../open-store.ts";

/** Who the roll-out counts: every user of the tenant, or the members of one group. */
export type RolloutScope = { readonly tenantId: string; readonly groupId: string | null };

/**
 * The active OATH methods of `u` that count towards the tenant's required number: all of them,
 * or, after an administrator required re-registration, those registered since (as the sign-in's
 * registration gate counts them, methods/reregistration.ts).
 */
const registeredCount = sql<number>`(select count(*) from auth_methods m
  where m.user_id = u.id and m.state = 'active' and m.kind in (${sql.join(oathKinds)})
  and (u.reregister_required_at is null or m.created_at >= u.reregister_required_at))`;

function inScope(db: Db, scope: RolloutScope) {
  let query = db.selectFrom("users as u").where("u.tenant_id", "=", scope.tenantId);
  if (scope.groupId !== null) {
    const groupId = scope.groupId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("group_members as gm")
          .select("gm.user_id")
          .whereRef("gm.user_id", "=", "u.id")
          .where("gm.group_id", "=", groupId),
      ),
    );
  }
  return query;
}

/** How many users are in scope, and how many of them have registered `required` methods. */
export async function countRegistration(
  db: Db,
  scope: RolloutScope,
  required: number,
): Promise<{ users: number; registered: number }> {
  const row = await db
    .selectFrom(inScope(db, scope).select(registeredCount.as("methods")).select("u.id").as("s"))
    .select((eb) => [
      eb.fn.countAll<number>().as("users"),
      eb.fn
        .sum<number>(eb.case().when("s.methods", ">=", required).then(1).else(0).end())
        .as("registered"),
    ])
    .executeTakeFirstOrThrow();
  return { users: Number(row.users), registered: Number(row.registered ?? 0) };
}

/** Per group of the tenant: members, and members who have registered. */
export async function countRegistrationByGroup(db: Db, tenantId: string, required: number) {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("groups as g")
        .innerJoin("group_members as gm", "gm.group_id", "g.id")
        .innerJoin("users as u", "u.id", "gm.user_id")
        .where("g.tenant_id", "=", tenantId)
        .select(["g.id as group_id", "g.name as group_name"])
        .select(registeredCount.as("methods"))
        .as("s"),
    )
    .select((eb) => [
      "s.group_id",
      "s.group_name",
      eb.fn.countAll<number>().as("users"),
      eb.fn
        .sum<number>(eb.case().when("s.methods", ">=", required).then(1).else(0).end())
        .as("registered"),
    ])
    .groupBy(["s.group_id", "s.group_name"])
    .orderBy("s.group_name")
    .execute();
  return rows.map((r) => ({
    id: r.group_id,
    name: r.group_name,
    users: Number(r.users),
    registered: Number(r.registered ?? 0),
  }));
}

/** The users in scope who have not registered yet, by UPN; `limit` of them, or all. */
export async function listUnregistered(
  db: Db,
  scope: RolloutScope,
  required: number,
  limit?: number,
) {
  let query = inScope(db, scope)
    .select([
      "u.id",
      "u.upn",
      "u.display_name",
      "u.mail",
      "u.department",
      "u.blocked",
      "u.blocked_until",
    ])
    .where(sql<SqlBool>`${registeredCount} < ${required}`)
    .orderBy("u.upn_key");
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    upn: r.upn,
    displayName: r.display_name,
    mail: r.mail ?? null,
    department: r.department ?? null,
    blocked: Number(r.blocked) === 1,
    blockedUntil: r.blocked_until == null ? null : Number(r.blocked_until),
  }));
}

/** Active methods of the tenant by kind, and the users who hold unused backup codes. */
export async function countMethodsInUse(db: Db, tenantId: string) {
  const kinds = await db
    .selectFrom("auth_methods")
    .select((eb) => ["kind", eb.fn.countAll<number>().as("n")])
    .where("tenant_id", "=", tenantId)
    .where("state", "=", "active")
    .groupBy("kind")
    .execute();
  const backup = await db
    .selectFrom("users as u")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("u.tenant_id", "=", tenantId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("backup_codes as b")
          .select("b.id")
          .whereRef("b.user_id", "=", "u.id")
          .where("b.used_at", "is", null),
      ),
    )
    .executeTakeFirstOrThrow();
  return {
    byKind: Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)])) as Record<string, number>,
    usersWithBackupCodes: Number(backup.n),
  };
}

/** What the dashboard counts in the sign-in log, as Entra's "Authentication methods activity". */
export const signInOutcomes = ["success", "mfaDenied", "lockedOut", "fraudReported"] as const;
export type SignInOutcome = (typeof signInOutcomes)[number];

/** Slices the sign-in log is summed in: fine enough for every time zone's offset. */
export const sliceMs = 15 * 60_000;

/**
 * Sign-ins from `from` to `to` summed per 15-minute slice and outcome, in the database (one
 * range scan of the tenant-and-time index): the caller puts the slices into the tenant's days.
 */
export async function countSignInsBySlice(db: Db, tenantId: string, from: number, to: number) {
  const outcome = sql<string | null>`case
    when result = 'success' then 'success'
    when reason in ('invalid_code', 'code_reused') then 'mfaDenied'
    when reason = 'locked_out' then 'lockedOut'
    when reason = 'fraud_reported' then 'fraudReported'
    else null end`;
  const slice = sql<number>`(time / ${sql.lit(sliceMs)})`;
  const rows = await db
    .selectFrom("sign_in_log")
    .select((eb) => [slice.as("slice"), outcome.as("outcome"), eb.fn.countAll<number>().as("n")])
    .where("tenant_id", "=", tenantId)
    .where("time", ">=", from)
    .where("time", "<", to)
    .groupBy([slice, outcome])
    .execute();
  return rows
    .filter((r): r is typeof r & { outcome: SignInOutcome } => r.outcome !== null)
    .map((r) => ({
      sliceStart: Number(r.slice) * sliceMs,
      outcome: r.outcome,
      count: Number(r.n),
    }));
}

/** The tenant's users at high risk, the newest first: how many, and the first `limit`. */
export async function listUsersAtRisk(db: Db, tenantId: string, limit: number) {
  const [count, rows] = await Promise.all([
    db
      .selectFrom("risky_users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("tenant_id", "=", tenantId)
      .where("risk_level", "=", "high")
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("risky_users as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select(["u.id", "u.upn", "r.risk_state", "r.updated_at"])
      .where("r.tenant_id", "=", tenantId)
      .where("r.risk_level", "=", "high")
      .orderBy("r.updated_at", "desc")
      .limit(limit)
      .execute(),
  ]);
  return {
    count: Number(count.n),
    users: rows.map((r) => ({
      id: r.id,
      upn: r.upn,
      state: r.risk_state,
      updatedAt: Number(r.updated_at),
    })),
  };
}
