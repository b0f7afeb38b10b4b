import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { deleteSecurityAnswers } from "../../store/queries/security-questions.ts";
import { lockUser } from "../../store/queries/users.ts";

/**
 * Deletes the user's security questions, the whole set: by the user on Security info, or by an
 * administrator, as removing any method (which of them, and what was answered, stays unknown to
 * both the administrator and the audit log). Two deletions at once: one is told there is none.
 */
export async function deleteSecurityQuestions(
  ctx: Context,
  actor: Actor,
  user: User,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    const count = await deleteSecurityAnswers(tx, user.id);
    if (count === 0) throw new VarcoError("no_security_questions");
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Delete security questions",
        targetType: "method",
        targetId: "securityQuestions",
        details: { upn: user.upn, count },
      },
    );
  });
}
