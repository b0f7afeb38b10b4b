import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { revokeSessions } from "../store/queries/sessions.ts";

/** Signs out one session of a user, or all of them ("sign out everywhere") without `sessionId`. */
export async function revokeUserSessions(
  ctx: Context,
  actor: Actor,
  user: User,
  sessionId?: string,
): Promise<number> {
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    const count = await revokeSessions(tx, user.id, now, sessionId);
    if (sessionId !== undefined && count === 0)
      throw new VarcoError("not_found", "no such session");
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: sessionId === undefined ? "Revoke all sessions" : "Revoke session",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn, sessionId: sessionId ?? null, count },
      },
    );
    return count;
  });
}
