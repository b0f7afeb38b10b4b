import type { Context } from "../context.ts";
import { findOwnUploadOutcome, keepUploadOutcome } from "../uploads/upload-outcomes.ts";

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

/** Keeps a token upload's outcome for its administrator for an hour. */
export function keepImportOutcome(
  ctx: Context,
  owner: { tenantId: string; userId: string },
  outcome: ImportOutcome,
): Promise<void> {
  return keepUploadOutcome(ctx, owner, undefined, outcome);
}

/** The outcome `id`, for the administrator who ran the import only, within the hour. */
export function findOwnImportOutcome(
  ctx: Context,
  id: string,
  ownerId: string,
): Promise<ImportOutcome | undefined> {
  return findOwnUploadOutcome<ImportOutcome>(ctx, id, ownerId, undefined);
}
