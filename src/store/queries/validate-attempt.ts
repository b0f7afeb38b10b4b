import { CompiledQuery } from "kysely";
import { isBlocked } from "../../directory/is-blocked.ts";
import { oathKinds } from "../../methods/types.ts";
import type { Db } from "../open-store.ts";
import type { AuthMethodsTable } from "../schema.ts";
import { incrementCounter } from "./counters.ts";
import { secondFactorCounterKey } from "./lockouts.ts";
import { findUserWithActiveOath, type OathSecretRow, toOathSecret } from "./methods.ts";

export type ValidateAttempt = {
  /** The user of the UPN with their active OATH methods; undefined for an unknown UPN. */
  readonly user:
    | {
        readonly userId: string;
        readonly blocked: boolean;
        readonly blockedUntil: number | null;
        readonly methods: OathSecretRow[];
      }
    | undefined;
  /** The lockout counter that took the attempt: the user's, or the UPN's decoy subject's. */
  readonly counterKey: string;
  readonly count: number;
  readonly expiresAt: number;
};

/**
 * A validate call's read and its lockout count (invariant 2: counted before any check): the user
 * and their active OATH methods by UPN, and one attempt taken on the user's counter, or on the
 * counter `decoyCounterKey` when the UPN gets no real check (unknown, blocked, no active
 * method; see verify-decoy-second-factor.ts). On PostgreSQL one statement does it all and also
 * confirms that the API key is live and its tenant's policy is still `policyJson`: when not,
 * nothing is counted and the answer is undefined (read the key again). On SQLite, whose API key
 * check is cached against the database's change stamp, two statements.
 */
export async function takeValidateAttempt(
  db: Db,
  kind: "sqlite" | "postgres",
  args: {
    readonly apiKeyId: string;
    readonly policyJson: string;
    readonly tenantId: string;
    readonly upnKey: string;
    readonly decoyCounterKey: string;
    readonly now: number;
    readonly windowMs: number;
  },
): Promise<ValidateAttempt | undefined> {
  if (kind === "postgres") return takeOnPostgres(db, args);
  const user = await findUserWithActiveOath(db, args.tenantId, args.upnKey);
  const checked = user && !isBlocked(user, args.now) && user.methods.length > 0;
  const counterKey = checked ? secondFactorCounterKey(user.userId) : args.decoyCounterKey;
  const { value, expiresAt } = await incrementCounter(db, counterKey, args.windowMs, args.now);
  return { user, counterKey, count: value, expiresAt };
}

const kinds = oathKinds.map((kind) => `'${kind}'`).join(", ");

// $1 key id, $2 policy, $3 tenant, $4 UPN key, $5 now, $6 decoy counter key, $7 expiry if new.
// The user's counter key is secondFactorCounterKey's; the blocked test is isBlocked's.
const postgresSql = `
with k as (
  select 1 from api_keys k join tenants t on t.id = k.tenant_id
  where k.id = $1 and k.revoked_at is null and t.policy_json = $2
), u as (
  select id, blocked, blocked_until from users where tenant_id = $3 and upn_key = $4
), s as (
  select coalesce(
    (select 'mfa-failures:' || u.id from u
      where not (u.blocked = 1 and (u.blocked_until is null or $5 < u.blocked_until))
        and exists (select 1 from auth_methods m
          where m.user_id = u.id and m.state = 'active' and m.kind in (${kinds}))),
    $6) as key
  where exists (select 1 from k)
), c as (
  insert into counters (key, value, expires_at) select key, 1, $7 from s
  on conflict (key) do update set
    value = case when counters.expires_at <= $5 then 1 else counters.value + 1 end,
    expires_at = case when counters.expires_at <= $5 then $7 else counters.expires_at end
  returning key, value, expires_at
)
select c.key as counter_key, c.value as counter_value, c.expires_at as counter_expires_at,
  u.id as user_id, u.blocked, u.blocked_until, m.id, m.label, m.failed_attempts, m.kind,
  m.state, m.is_default, m.secret_sealed, m.algorithm, m.digits, m.period, m.last_step, m.oath_type
from c left join u on true
  left join auth_methods m on m.user_id = u.id and m.state = 'active' and m.kind in (${kinds})
order by m.is_default desc, m.created_at`;

type Row = Partial<AuthMethodsTable> & {
  counter_key: string;
  counter_value: number;
  counter_expires_at: number;
  user_id: string | null;
  blocked: number | null;
  blocked_until: number | null;
};

async function takeOnPostgres(
  db: Db,
  args: Parameters<typeof takeValidateAttempt>[2],
): Promise<ValidateAttempt | undefined> {
  const { rows } = await db.executeQuery<Row>(
    CompiledQuery.raw(postgresSql, [
      args.apiKeyId,
      args.policyJson,
      args.tenantId,
      args.upnKey,
      args.now,
      args.decoyCounterKey,
      args.now + args.windowMs,
    ]),
  );
  const first = rows[0];
  if (!first) return undefined;
  const user =
    first.user_id === null
      ? undefined
      : {
          userId: first.user_id,
          blocked: first.blocked === 1,
          blockedUntil: first.blocked_until == null ? null : Number(first.blocked_until),
          methods: rows.flatMap((row) =>
            row.id == null ? [] : [toOathSecret(row as AuthMethodsTable)],
          ),
        };
  return {
    user,
    counterKey: first.counter_key,
    count: Number(first.counter_value),
    expiresAt: Number(first.counter_expires_at),
  };
}
