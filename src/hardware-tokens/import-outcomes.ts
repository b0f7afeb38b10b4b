import type { Context } from "../context.ts";
import {
  deleteImportOutcomesBefore,
  findImportOutcome,
  insertImportOutcome,
} from "../store/queries/token-import-outcomes.ts";

/** What an upload on the admin pages ended with: counts, the first refused rows, the error CSV. */
export type ImportOutcome = {
  readonly id: string;
  readonly imported: number;
  readonly assigned: number;
  readonly failed: number;
  /** The first refused rows; the whole list is in the error CSV. */
  readonly refused: readonly { line: number; serial: string; error: string }[];
  readonly errorsCsv: string;
};

// Long enough to read the page and fix the file.
const keepMs = 3_600_000;

/**
 * Keeps an outcome for its administrator for an hour, in the database, so the page and the
 * error CSV open whichever instance answers; older outcomes of anyone are forgotten.
 */
export async function keepImportOutcome(
  ctx: Context,
  owner: { tenantId: string; userId: string },
  outcome: ImportOutcome,
): Promise<void> {
  const now = ctx.now();
  const { errorsCsv, ...summary } = outcome;
  await deleteImportOutcomesBefore(ctx.store.db, now - keepMs);
  await insertImportOutcome(ctx.store.db, {
    id: outcome.id,
    tenant_id: owner.tenantId,
    owner_id: owner.userId,
    summary_json: JSON.stringify(summary),
    errors_csv: errorsCsv,
    created_at: now,
  });
  await ctx.store.settled();
}

/** The outcome `id`, for the administrator who ran the import only, within the hour. */
export async function findOwnImportOutcome(
  ctx: Context,
  id: string,
  ownerId: string,
): Promise<ImportOutcome | undefined> {
  const row = await findImportOutcome(ctx.store.db, id);
  if (!row || row.owner_id !== ownerId || ctx.now() - Number(row.created_at) >= keepMs) {
    return undefined;
  }
  const summary = JSON.parse(row.summary_json) as Omit<ImportOutcome, "errorsCsv">;
  return { ...summary, errorsCsv: row.errors_csv };
}
