import type { Context } from "../context.ts";
import {
  deleteImportOutcomesBefore,
  findImportOutcome,
  insertImportOutcome,
} from "../store/queries/token-import-outcomes.ts";

// Long enough to read the page and fix the file.
const keepMs = 3_600_000;

/**
 * What an upload on the admin pages (hardware tokens, bulk users) ended with, kept an hour for
 * the administrator who sent it, in the database, so the page and the error CSV open whichever
 * instance answers. `mark` tells the kinds apart: one kind's page never opens another's outcome.
 */
export async function keepUploadOutcome(
  ctx: Context,
  owner: { tenantId: string; userId: string },
  mark: string | undefined,
  outcome: { readonly id: string; readonly errorsCsv: string },
): Promise<void> {
  const now = ctx.now();
  const { errorsCsv, ...summary } = outcome;
  await deleteImportOutcomesBefore(ctx.store.db, now - keepMs);
  await insertImportOutcome(ctx.store.db, {
    id: outcome.id,
    tenant_id: owner.tenantId,
    owner_id: owner.userId,
    summary_json: JSON.stringify(mark === undefined ? summary : { ...summary, mark }),
    errors_csv: errorsCsv,
    created_at: now,
  });
  await ctx.store.settled();
}

/** The outcome `id` of kind `mark`, for the administrator who sent it only, within the hour. */
export async function findOwnUploadOutcome<Outcome extends { errorsCsv: string }>(
  ctx: Context,
  id: string,
  ownerId: string,
  mark: string | undefined,
): Promise<Outcome | undefined> {
  const row = await findImportOutcome(ctx.store.db, id);
  if (!row || row.owner_id !== ownerId || ctx.now() - Number(row.created_at) >= keepMs) {
    return undefined;
  }
  const { mark: kept, ...summary } = JSON.parse(row.summary_json) as { mark?: string };
  if (kept !== mark) return undefined;
  return { ...summary, errorsCsv: row.errors_csv } as Outcome;
}
