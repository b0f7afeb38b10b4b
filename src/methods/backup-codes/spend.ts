import type { Context } from "../../context.ts";
import { keyedHashCandidates } from "../../crypto/keyed-hash.ts";
import { findBackupCode } from "../../store/queries/backup-codes.ts";
import { backupCodeHashInput } from "./format.ts";

/** The user's backup code `typed`, if it is one, and whether it was spent; spends nothing. */
export async function findUserBackupCode(
  ctx: Context,
  userId: string,
  typed: string,
): Promise<{ hash: string; spent: boolean } | undefined> {
  if (typed.length > 40) return undefined;
  const hashes = keyedHashCandidates(ctx.keyring, backupCodeHashInput(userId, typed));
  return findBackupCode(ctx.store.db, userId, hashes);
}
