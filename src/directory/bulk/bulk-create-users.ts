import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { hashPassword } from "../../crypto/password.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { serialFingerprints } from "../../hardware-tokens/serial-fingerprints.ts";
import { insertRows } from "../../store/bulk-insert.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import { existingUpnKeys, tenantDomainNames } from "../../store/queries/bulk-users.ts";
import type { UsersTable } from "../../store/schema.ts";
import { checkPassword } from "../password-rules.ts";
import type { Tenant } from "../types.ts";
import { upnKey } from "../upn.ts";
import type { RefusedUserRow } from "./bulk-error-csv.ts";
import { type CheckedUser, checkUserRow } from "./check-user-row.ts";
import type { EntraRow } from "./entra-csv.ts";
import { rowRefusal } from "./row-refusal.ts";

export type BulkCreateSummary = { created: number; failed: number };

// Rows per batch. The cost of a row is its password (zxcvbn, then argon2id on the thread pool),
// paid before the batch's transaction opens; the transaction itself inserts a few dozen rows,
// and holds SQLite's one writer for a millisecond or so.
const batchSize = 50;

type Planned = { readonly line: number; readonly user: CheckedUser; readonly row: UsersTable };

/**
 * Entra's "Bulk create user": rows stream in from a file, each checked as one user created by
 * hand would be (user name, and within the tenant's domains when it has some; name, e-mail,
 * mobile phone, department; the initial password against the password rules), not yet a user
 * and not twice in the file. The good ones land a batch at a time, each batch in one
 * transaction with its audit entry, asked to choose a new password at their first sign-in, as
 * Entra asks of an initial password; "Block sign in: Yes" creates them blocked. A refused row
 * goes to `onRefused`, in the file's order; `onBatch` tells the counts after each batch.
 *
 * Memory stays flat however long the file: the user names seen so far are kept as fingerprints.
 */
export async function bulkCreateUsers(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  rows: AsyncIterable<EntraRow>,
  handlers: {
    onRefused: (row: RefusedUserRow) => void | Promise<void>;
    onBatch?: (summary: BulkCreateSummary) => void;
  },
): Promise<BulkCreateSummary> {
  const summary: BulkCreateSummary = { created: 0, failed: 0 };
  const refuse = async (row: RefusedUserRow) => {
    summary.failed++;
    await handlers.onRefused(row);
  };
  const domains = await tenantDomainNames(ctx.store.db, tenant.id);
  const seen = serialFingerprints();
  let batch: (RefusedUserRow | { line: number; user: CheckedUser })[] = [];
  const flush = async () => {
    const planned = await planBatch(ctx, tenant, batch, refuse);
    batch = [];
    summary.created += await writeBatch(ctx, actor, tenant, planned, refuse);
    handlers.onBatch?.(summary);
    // Requests that queued behind this batch go first.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for await (const row of rows) {
    if ("refused" in row) {
      batch.push({ line: row.line, userPrincipalName: "", refused: row.refused });
    } else {
      const checked = checkUserRow(row.values, domains);
      if ("refused" in checked) {
        batch.push({ line: row.line, ...checked });
      } else if (!seen.add(upnKey(checked.upn))) {
        batch.push({
          line: row.line,
          userPrincipalName: checked.upn,
          displayName: checked.displayName,
          refused: rowRefusal("duplicate_upn", { upn: checked.upn }),
        });
      } else {
        batch.push({ line: row.line, user: checked });
      }
    }
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return summary;
}

/**
 * The batch's users that do not exist yet, with their passwords checked and hashed; the other
 * rows refused, in the file's order.
 */
async function planBatch(
  ctx: Context,
  tenant: Tenant,
  batch: readonly (RefusedUserRow | { line: number; user: CheckedUser })[],
  refuse: (row: RefusedUserRow) => Promise<void>,
): Promise<Planned[]> {
  const keys = batch.flatMap((entry) => ("user" in entry ? [upnKey(entry.user.upn)] : []));
  const existing = await existingUpnKeys(ctx.store.db, tenant.id, keys);
  const now = ctx.now();
  const results = await Promise.all(
    batch.map(async (entry): Promise<RefusedUserRow | Planned> => {
      if (!("user" in entry)) return entry;
      const { line, user } = entry;
      const identity = { line, userPrincipalName: user.upn, displayName: user.displayName };
      if (existing.has(upnKey(user.upn))) {
        return { ...identity, refused: rowRefusal("user_exists", { upn: user.upn }) };
      }
      try {
        await checkPassword(user.password, {
          upn: user.upn,
          displayName: user.displayName,
          tenantName: tenant.name,
          tenantDisplayName: tenant.displayName,
        });
      } catch (error) {
        if (isVarcoError(error, "invalid_password")) {
          return { ...identity, refused: rowRefusal("password_length") };
        }
        if (isVarcoError(error, "password_too_guessable")) {
          return { ...identity, refused: rowRefusal("password_too_guessable") };
        }
        throw error;
      }
      const row: UsersTable = {
        id: randomUUID(),
        tenant_id: tenant.id,
        upn: user.upn,
        upn_key: upnKey(user.upn),
        display_name: user.displayName,
        password_hash: await hashPassword(user.password),
        blocked: user.blocked ? 1 : 0,
        blocked_reason: user.blocked ? "Created disabled" : null,
        created_at: now,
        last_sign_in_at: null,
        password_change_forced_at: now,
        mail: user.mail,
        mobile_phone: user.mobilePhone,
        department: user.department,
      };
      return { line, user, row };
    }),
  );
  const planned: Planned[] = [];
  for (const result of results) {
    if ("refused" in result) await refuse(result);
    else planned.push(result);
  }
  return planned;
}

/** One write transaction: the users and the audit entry that lists them. Returns how many. */
async function writeBatch(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  planned: readonly Planned[],
  refuse: (row: RefusedUserRow) => Promise<void>,
): Promise<number> {
  if (planned.length === 0) return 0;
  try {
    await ctx.store.transaction(async (tx) => {
      await insertRows(
        tx,
        "users",
        planned.map((p) => p.row),
      );
      await recordAudit(
        tx,
        { now: ctx.now(), actor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: "Bulk create users",
          targetType: "tenant",
          targetId: tenant.id,
          details: {
            count: planned.length,
            users: planned.map((p) => ({
              id: p.row.id,
              upn: p.row.upn,
              accountEnabled: p.row.blocked === 0,
            })),
          },
        },
      );
    });
    return planned.length;
  } catch (error) {
    // Someone created one of these user names meanwhile: write the rows one by one.
    if (!isUniqueViolation(error)) throw error;
    const [only] = planned;
    if (only && planned.length === 1) {
      await refuse({
        line: only.line,
        userPrincipalName: only.user.upn,
        displayName: only.user.displayName,
        refused: rowRefusal("taken_meanwhile", { upn: only.user.upn }),
      });
      return 0;
    }
    let created = 0;
    for (const one of planned) created += await writeBatch(ctx, actor, tenant, [one], refuse);
    return created;
  }
}
