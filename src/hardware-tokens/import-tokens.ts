import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { seal } from "../crypto/seal.ts";
import type { Tenant } from "../directory/types.ts";
import { upnKey } from "../directory/upn.ts";
import { oathSealContext } from "../methods/software-oath/seal-context.ts";
import { maxOathMethodsPerUser, oathKinds } from "../methods/types.ts";
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

export type RefusedRow = {
  readonly line: number;
  readonly error: Refusal;
  readonly fields: readonly string[];
};

export type ImportSummary = { imported: number; assigned: number; failed: number };

// Rows checked and written together: few enough to keep memory flat, many enough that each
// commit (a disk flush) serves thousands of tokens.
const batchSize = 5000;

/**
 * Seed 002's upload: rows stream in from a file, each checked (serial not yet in the inventory
 * nor twice in the file, the UPN a user of the tenant with no token and fewer than 5 OATH
 * methods), and the good ones land a batch at a time, sealed, unassigned or assigned (pending
 * activation) as the file says. A refused row goes to `onRefused` with its reason.
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
  const usersGiven = new Set<string>();
  const refuse = async (row: RefusedRow) => {
    summary.failed++;
    await handlers.onRefused(row);
  };
  // Refused rows wait in the batch too, so the error CSV lists rows in the file's order.
  let batch: ImportRow[] = [];
  const flush = async () => {
    const written = await writeBatch(ctx, actor, tenant, batch, usersGiven, refuse);
    summary.imported += written.imported;
    summary.assigned += written.assigned;
    batch = [];
    handlers.onBatch?.(summary);
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return summary;
}

async function writeBatch(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  rows: readonly ImportRow[],
  usersGiven: Set<string>,
  refuse: (row: RefusedRow) => Promise<void>,
): Promise<{ imported: number; assigned: number }> {
  const db = ctx.store.db;
  const batch = rows.flatMap((row) => ("token" in row ? [row] : []));
  const fieldsOf = (t: ImportedToken) => [
    t.upn ?? "",
    t.serialNumber,
    "",
    t.kind,
    t.manufacturer,
    t.model,
  ];
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
  const tokens: HardwareTokensTable[] = [];
  const accepted: { line: number; token: ImportedToken }[] = [];
  const methods: AuthMethodsTable[] = [];
  for (const row of rows) {
    if (!("token" in row)) {
      await refuse(row);
      continue;
    }
    const { line, token } = row;
    const refused = (error: Refusal) => refuse({ line, error, fields: fieldsOf(token) });
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
    const id = randomUUID();
    const sealed = seal(ctx.keyring, token.secret, oathSealContext(id));
    tokens.push({
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
    });
    if (user) {
      usersGiven.add(user.id);
      methods.push({
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
      });
    }
    taken.add(token.serialNumber);
    accepted.push(row);
  }
  if (tokens.length === 0) return { imported: 0, assigned: 0 };
  try {
    await ctx.store.transaction(async (tx) => {
      await insertTokens(tx, tokens);
      for (let i = 0; i < methods.length; i += 200) {
        await tx
          .insertInto("auth_methods")
          .values(methods.slice(i, i + 200))
          .execute();
      }
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
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
  } catch (error) {
    // Another import took a serial or a user meanwhile: check this batch again, row by row.
    if (!isUniqueViolation(error) || accepted.length === 1) throw error;
    for (const method of methods) usersGiven.delete(method.user_id);
    let imported = 0;
    let assigned = 0;
    for (const row of accepted) {
      const one = await writeBatch(ctx, actor, tenant, [row], usersGiven, refuse).catch(
        async (e) => {
          if (!isUniqueViolation(e)) throw e;
          await refuse({
            line: row.line,
            error: refusal("taken_meanwhile"),
            fields: fieldsOf(row.token),
          });
          return { imported: 0, assigned: 0 };
        },
      );
      imported += one.imported;
      assigned += one.assigned;
    }
    return { imported, assigned };
  }
  return { imported: tokens.length, assigned: methods.length };
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
