import type { Context } from "../../context.ts";
import { findOwnUploadOutcome, keepUploadOutcome } from "../../uploads/upload-outcomes.ts";

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

// Kept beside the token uploads' outcomes, told apart by this mark.
const mark = "usersBulk";

/** Keeps a bulk create's or delete's outcome for its administrator for an hour. */
export function keepBulkOutcome(
  ctx: Context,
  owner: { tenantId: string; userId: string },
  outcome: BulkOutcome,
): Promise<void> {
  return keepUploadOutcome(ctx, owner, mark, outcome);
}

/** The outcome `id`, for the administrator who ran it only, within the hour. */
export function findOwnBulkOutcome(
  ctx: Context,
  id: string,
  ownerId: string,
): Promise<BulkOutcome | undefined> {
  return findOwnUploadOutcome<BulkOutcome>(ctx, id, ownerId, mark);
}
