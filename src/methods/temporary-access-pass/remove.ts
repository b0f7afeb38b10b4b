import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { deleteTemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";

/** Deletes the user's Temporary Access Pass, live or not: it stops working at once. */
export async function removeTemporaryAccessPass(
  ctx: Context,
  actor: Actor,
  user: User,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (!(await deleteTemporaryAccessPass(tx, user.id))) {
      throw new VarcoError("temporary_access_pass_not_found");
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Delete temporary access pass",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn },
      },
    );
  });
}
