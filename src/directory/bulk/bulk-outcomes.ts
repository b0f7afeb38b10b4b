import type { Context } from "../../context.ts";
import {
  deleteImportOutcomesBefore,
  findImportOutcome,
  insertImportOutcome,
} from "../../store/queries/token-import-outcomes.ts";

/** What a bulk create or delete on the admin pages ended with: counts, first refusals, error CSV. */
export type BulkOutcome = {
  readonly id: string;
  readonly kind: "create" | "delete";
  /** Users created, or deleted. */
  readonly done: number;
  readonly failed: number;
  /** The first refused rows; the whole list is in the error CSV. */
  readonly refused: readonly { line: number; upn: string; error: string }[];
  readonly errorsCsv: string;
};

// Long enough to read the page and fix the file.
const keepMs = 3_600_000;
// Kept beside the token uploads' outcomes, told apart by this mark in the summary.
const mark = "usersBulk";

/**
 * Keeps an outcome for its administrator for an hour, in the database, so the page and the
 * error CSV open whichever instance answers (as the token upload's, import-outcomes.ts).
 */
export async function keepBulkOutcome(
  ctx: Context,
  owner: { tenantId: string; userId: string },
  outcome: BulkOutcome,
): Promise<void> {
  const now = ctx.now();
  const { errorsCsv, ...summary } = outcome;
  await deleteImportOutcomesBefore(ctx.store.db, now - keepMs);
  await insertImportOutcome(ctx.store.db, {
    id: outcome.id,
    tenant_id: owner.tenantId,
    owner_id: owner.userId,
    summary_json: JSON.stringify({ ...summary, mark }),
    errors_csv: errorsCsv,
    created_at: now,
  });
  await ctx.store.settled();
}

/** The outcome `id`, for the administrator who ran it only, within the hour. */
export async function findOwnBulkOutcome(
  ctx: Context,
  id: string,
  ownerId: string,
): Promise<BulkOutcome | undefined> {
  const row = await findImportOutcome(ctx.store.db, id);
  if (!row || row.owner_id !== ownerId || ctx.now() - Number(row.created_at) >= keepMs) {
    return undefined;
  }
  const { mark: kept, ...summary } = JSON.parse(row.summary_json) as Omit<
    BulkOutcome,
    "errorsCsv"
  > & { mark?: string };
  if (kept !== mark) return undefined;
  return { ...summary, errorsCsv: row.errors_csv };
}
