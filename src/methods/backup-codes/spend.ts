import type { Context } from "../../context.ts";
import { keyedHashCandidates } from "../../crypto/keyed-hash.ts";
import { spendBackupCode } from "../../store/queries/backup-codes.ts";
import { backupCodeHashInput } from "./format.ts";

/** Spends one of the user's backup codes; true once per code, even when sent twice at once. */
export async function spendUserBackupCode(
  ctx: Context,
  userId: string,
  typed: string,
): Promise<boolean> {
  if (typed.length > 40) return false;
  const hashes = keyedHashCandidates(ctx.keyring, backupCodeHashInput(userId, typed));
  return spendBackupCode(ctx.store.db, userId, hashes, ctx.now());
}
