import { CompiledQuery } from "kysely";
import type { Store } from "../open-store.ts";
import { incrementCounterSet } from "./counters.ts";

type Counter = { readonly key: string; readonly expiresAt: number; readonly limit: number };

/**
 * The counters one message takes before it goes out (take-send-allowance.ts): the sender's own
 * first (each with its limit), then, only when every one of them is within its limit, the
 * tenant's. Each count is atomic (invariant 2). On PostgreSQL one statement does both, so a
 * message costs one round trip here; SQLite runs two. Returns the new values, the tenant's
 * undefined when the sender's refused the message.
 */
export async function countMessage(
  store: Store,
  input: {
    readonly sender: readonly Counter[];
    readonly tenant: readonly Counter[];
    readonly now: number;
  },
): Promise<{ sender: number[]; tenant: number[] | undefined }> {
  const { sender, tenant, now } = input;
  if (store.kind === "sqlite") {
    const senderValues = await incrementCounterSet(store.db, sender, now);
    const within = senderValues.every((value, i) => value <= (sender[i]?.limit ?? 0));
    return {
      sender: senderValues,
      tenant: within ? await incrementCounterSet(store.db, tenant, now) : undefined,
    };
  }
  // Keys in a fixed order within each group, the sender's before the tenant's: two statements
  // lock alike and never wait on each other in a cycle.
  const sorted = (counters: readonly Counter[]) =>
    [...counters].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const parameters: unknown[] = [now];
  const param = (value: unknown) => {
    parameters.push(value);
    return `$${parameters.length}`;
  };
  const rows = (counters: readonly Counter[]) =>
    sorted(counters)
      .map(
        (c) => `(${param(c.key)}::text, ${param(c.expiresAt)}::bigint, ${param(c.limit)}::bigint)`,
      )
      .join(", ");
  const upsert = `on conflict (key) do update set
      value = case when counters.expires_at <= $1 then 1 else counters.value + 1 end,
      expires_at = case when counters.expires_at <= $1 then excluded.expires_at else counters.expires_at end
    returning key, value`;
  const sql = `
    with s (key, expires_at, lim) as (values ${rows(sender)}),
    a as (
      insert into counters (key, value, expires_at) select key, 1, expires_at from s order by key
      ${upsert}
    ),
    t (key, expires_at, lim) as (values ${rows(tenant)}),
    b as (
      insert into counters (key, value, expires_at) select key, 1, expires_at from t
      where not exists (select 1 from a join s using (key) where a.value > s.lim)
      order by key
      ${upsert}
    )
    select 'sender' as side, key, value from a union all select 'tenant', key, value from b`;
  const result = await store.db.executeQuery<{ side: string; key: string; value: number }>(
    CompiledQuery.raw(sql, parameters),
  );
  const countOf = (side: string, key: string) =>
    Number(result.rows.find((row) => row.side === side && row.key === key)?.value ?? 0);
  const tenantCounted = result.rows.some((row) => row.side === "tenant");
  return {
    sender: sender.map((c) => countOf("sender", c.key)),
    tenant: tenantCounted ? tenant.map((c) => countOf("tenant", c.key)) : undefined,
  };
}
