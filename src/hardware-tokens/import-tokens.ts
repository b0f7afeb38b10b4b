import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { seal } from "../crypto/seal.ts";
import type { Tenant } from "../directory/types.ts";
import { upnKey } from "../directory/upn.ts";
import { oathSealContext } from "../methods/software-oath/seal-context.ts";
import { maxOathMethodsPerUser, oathKinds } from "../methods/types.ts";
import { insertRows } from "../store/bulk-insert.ts";
import { isUniqueViolation } from "../store/is-unique-violation.ts";
import type { Db } from "../store/open-store.ts";
import {
  existingSerials,
  insertTokens,
  usersWithTokens,
} from "../store/queries/hardware-tokens.ts";
import type { AuthMethodsTable, HardwareTokensTable } from "../store/schema.ts";
import type { ImportedToken, ImportRow } from "./imported-token.ts";
import { type Refusal, refusal } from "./refusal.ts";
import { newTokenId } from "./token-id.ts";

export type RefusedRow = {
  readonly line: number;
  readonly error: Refusal;
  readonly fields: readonly string[];
};

export type ImportSummary = { imported: number; assigned: number; failed: number };

type TokenRow = Extract<ImportRow, { token: ImportedToken }>;

/** A checked row, ready to be written: its inventory entry and, when assigned, its method. */
type Planned = {
  readonly row: TokenRow;
  readonly token: HardwareTokensTable;
  readonly method: AuthMethodsTable | undefined;
};

// Rows per batch: checked together (one query each for serials, users, tokens held and method
// counts), then written in one transaction, after which the import yields to the requests that
// queued meanwhile. SQLite has one writer, and every sign-in and validate call waits behind the
// import's transaction: one of 5,000 rows held it for hundreds of milliseconds, one of 1,000 for
// 20 ms and more; one of 250 holds it for about 1.5 ms (`npm run bench -- import` prints the
// figures). Token ids that sort in the order they are made and an insert compiled once keep a
// transaction's own cost from growing with the tables, so small batches cost little overall.
const batchSize = 250;

/**
 * Seed 002's upload: rows stream in from a file, each checked (serial not yet in the inventory
 * nor twice in the file, the UPN a user of the tenant with no token and fewer than 5 OATH
 * methods), and the good ones land a few hundred at a time, sealed, unassigned or assigned
 * (pending activation) as the file says, each group with its audit entry. A refused row goes to
 * `onRefused` with its reason; `onBatch` tells the counts after each group.
 *
 * Memory stays flat however long the file: nothing is kept across batches but the counts (the
 * file's serial numbers as fingerprints aside, in the reader).
 */
export async function importTokens(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  handlers: {
    onRefused: (row: RefusedRow) => void | Promise<void>;
    onBatch?: (summary: ImportSummary) => void;
  },
): Promise<ImportSummary> {
  const summary: ImportSummary = { imported: 0, assigned: 0, failed: 0 };
  const refuse = async (row: RefusedRow) => {
    summary.failed++;
    await handlers.onRefused(row);
  };
  // Refused rows wait in the batch too, so the error CSV lists rows in the file's order.
  let batch: ImportRow[] = [];
  const flush = async () => {
    const planned = await checkRows(ctx, tenant, batch, refuse);
    batch = [];
    const written = await writeRows(ctx, actor, tenant, planned, refuse);
    summary.imported += written.imported;
    summary.assigned += written.assigned;
    handlers.onBatch?.(summary);
    // Requests that queued behind this batch go first.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return summary;
}

/**
 * Checks `rows` against the inventory and the directory, refusing what cannot be imported, and
 * seals the keys of the rest. Users given a token earlier in the file hold it by now: the
 * database says so, and only this batch's are remembered here.
 */
async function checkRows(
  ctx: Context,
  tenant: Tenant,
  rows: readonly ImportRow[],
  refuse: (row: RefusedRow) => Promise<void>,
): Promise<Planned[]> {
  const db = ctx.store.db;
  const batch = rows.filter((row): row is TokenRow => "token" in row);
  const taken = await existingSerials(
    db,
    tenant.id,
    batch.map((r) => r.token.serialNumber),
  );
  const keys = [...new Set(batch.flatMap((r) => (r.token.upn ? [upnKey(r.token.upn)] : [])))];
  const users = await usersByKey(db, tenant.id, keys);
  const ids = [...users.values()].map((u) => u.id);
  const holding = await usersWithTokens(db, ids);
  const methodCounts = await oathMethodCounts(db, ids);

  const now = ctx.now();
  const usersGiven = new Set<string>();
  const planned: Planned[] = [];
  for (const row of rows) {
    if (!("token" in row)) {
      await refuse(row);
      continue;
    }
    const { line, token, fields } = row;
    const refused = (error: Refusal) => refuse({ line, error, fields });
    if (taken.has(token.serialNumber)) {
      await refused(refusal("serial_in_inventory", { serial: token.serialNumber }));
      continue;
    }
    const user = token.upn ? users.get(upnKey(token.upn)) : undefined;
    if (token.upn && !user) {
      await refused(refusal("no_user", { upn: token.upn.slice(0, 256) }));
      continue;
    }
    if (user && (holding.has(user.id) || usersGiven.has(user.id))) {
      await refused(refusal("user_has_token", { upn: user.upn }));
      continue;
    }
    if (user && (methodCounts.get(user.id) ?? 0) >= maxOathMethodsPerUser) {
      await refused(refusal("user_method_limit", { upn: user.upn, max: maxOathMethodsPerUser }));
      continue;
    }
    const id = newTokenId();
    const sealed = seal(ctx.keyring, token.secret, oathSealContext(id));
    const entry: HardwareTokensTable = {
      id,
      tenant_id: tenant.id,
      serial_number: token.serialNumber,
      manufacturer: token.manufacturer,
      model: token.model,
      secret_sealed: sealed,
      oath_type: token.kind,
      algorithm: token.algorithm,
      digits: token.digits,
      period: token.period,
      counter: token.counter,
      user_id: user?.id ?? null,
      created_at: now,
      assigned_at: user ? now : null,
    };
    let method: AuthMethodsTable | undefined;
    if (user) {
      usersGiven.add(user.id);
      method = {
        id,
        tenant_id: tenant.id,
        user_id: user.id,
        kind: "hardwareOath",
        label: token.serialNumber.slice(0, 64),
        state: "pending",
        is_default: 0,
        secret_sealed: sealed,
        algorithm: token.algorithm,
        digits: token.digits,
        period: token.period,
        last_step: token.kind === "hotp" && token.counter > 0 ? token.counter - 1 : null,
        failed_attempts: 0,
        created_at: now,
        last_used_at: null,
        oath_type: token.kind,
      };
    }
    taken.add(token.serialNumber);
    planned.push({ row, token: entry, method });
  }
  return planned;
}

/** One write transaction: the tokens, their methods, and the audit entry that lists them. */
async function writeRows(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  planned: readonly Planned[],
  refuse: (row: RefusedRow) => Promise<void>,
): Promise<{ imported: number; assigned: number }> {
  if (planned.length === 0) return { imported: 0, assigned: 0 };
  const tokens = planned.map((p) => p.token);
  const methods = planned.flatMap((p) => (p.method ? [p.method] : []));
  try {
    await ctx.store.transaction(async (tx) => {
      await insertTokens(tx, tokens);
      await insertRows(tx, "auth_methods", methods);
      await recordAudit(
        tx,
        { now: ctx.now(), actor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Import hardware OATH tokens",
          targetType: "tenant",
          targetId: tenant.id,
          details: {
            count: tokens.length,
            assigned: methods.length,
            serialNumbers: tokens.map((t) => t.serial_number),
          },
        },
      );
    });
    return { imported: tokens.length, assigned: methods.length };
  } catch (error) {
    // Another import took a serial or a user meanwhile: check these rows again, one by one.
    if (!isUniqueViolation(error)) throw error;
    const [only] = planned;
    if (only && planned.length === 1) {
      await refuse({
        line: only.row.line,
        error: refusal("taken_meanwhile"),
        fields: only.row.fields,
      });
      return { imported: 0, assigned: 0 };
    }
    let imported = 0;
    let assigned = 0;
    for (const { row } of planned) {
      const again = await checkRows(ctx, tenant, [row], refuse);
      const one = await writeRows(ctx, actor, tenant, again, refuse);
      imported += one.imported;
      assigned += one.assigned;
    }
    return { imported, assigned };
  }
}

async function usersByKey(
  db: Db,
  tenantId: string,
  keys: readonly string[],
): Promise<Map<string, { id: string; upn: string }>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["id", "upn", "upn_key"])
    .where("tenant_id", "=", tenantId)
    .where("upn_key", "in", keys)
    .execute();
  return new Map(rows.map((row) => [row.upn_key, { id: row.id, upn: row.upn }]));
}

async function oathMethodCounts(db: Db, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("auth_methods")
    .select(["user_id", (eb) => eb.fn.countAll<number>().as("count")])
    .where("user_id", "in", userIds)
    .where("kind", "in", oathKinds)
    .groupBy("user_id")
    .execute();
  return new Map(rows.map((row) => [row.user_id, Number(row.count)]));
}
