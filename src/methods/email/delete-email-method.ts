import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { deleteEmailMethod, findEmailMethod } from "../../store/queries/email-methods.ts";
import { lockUser } from "../../store/queries/users.ts";
import { maskEmailAddress } from "./mask-email-address.ts";

/**
 * Deletes the user's authentication e-mail; two deletions at once: one succeeds, the other is
 * told it is gone (`email_method_not_found`). The directory's `mail` is not touched.
 */
export async function removeEmailMethod(ctx: Context, actor: Actor, user: User): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    const before = await findEmailMethod(tx, user.id);
    if (!before || !(await deleteEmailMethod(tx, user.id)))
      throw new VarcoError("email_method_not_found");
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Delete email method",
        targetType: "method",
        targetId: before.id,
        details: { upn: user.upn, emailAddress: maskEmailAddress(before.address) },
      },
    );
  });
}
