import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { updateBlocked } from "../store/queries/users.ts";
import type { User } from "./types.ts";

/** Blocks or unblocks a user; either needs a reason, kept in the audit log (seed 001). */
export async function setUserBlocked(
  ctx: Context,
  actor: Actor,
  user: User,
  input: { blocked: boolean; reason: string },
): Promise<User> {
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > 500) {
    throw new VarcoError("invalid_reason", "give a reason of 1 to 500 characters");
  }
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await updateBlocked(tx, user.id, input.blocked ? { reason, until: null } : null);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: input.blocked ? "Block user" : "Unblock user",
        targetType: "user",
        targetId: user.id,
        details: {
          upn: user.upn,
          reason,
          before: { blocked: user.blocked },
          after: { blocked: input.blocked },
        },
      },
    );
  });
  return {
    ...user,
    blocked: input.blocked,
    blockedReason: input.blocked ? reason : null,
    blockedUntil: null,
  };
}
