import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { keyedHash } from "../../crypto/keyed-hash.ts";
import type { User } from "../../directory/types.ts";
import type { Db } from "../../store/open-store.ts";
import { replaceBackupCodes } from "../../store/queries/backup-codes.ts";
import { backupCodeCount, backupCodeHashInput, generateBackupCode } from "./format.ts";

/**
 * A new set of 12 backup codes, replacing the old set (which stops working at once). The codes
 * are returned once; only their keyed hashes are kept.
 */
export async function regenerateBackupCodes(
  ctx: Context,
  actor: Actor,
  user: User,
  tx?: Db,
): Promise<string[]> {
  const now = ctx.now();
  const codes = Array.from({ length: backupCodeCount }, generateBackupCode);
  const rows = codes.map((code) => ({
    id: randomUUID(),
    user_id: user.id,
    code_hash: keyedHash(ctx.keyring, backupCodeHashInput(user.id, code)),
    created_at: now,
    used_at: null,
  }));
  const write = async (db: Db) => {
    await replaceBackupCodes(db, user.id, rows);
    await recordAudit(
      db,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Generate backup codes",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn, count: codes.length },
      },
    );
  };
  if (tx) await write(tx);
  else await ctx.store.transaction(write);
  return codes;
}
