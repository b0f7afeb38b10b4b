import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { deleteAppPasswordRow, findAppPassword } from "../../store/queries/app-passwords.ts";
import { lockUser } from "../../store/queries/users.ts";

/**
 * The user deletes one of their app passwords on Security info: the program that used it signs
 * in no more from the commit on. Two deletions at once: one succeeds, the other is told it is
 * gone (`app_password_not_found`, as for an id of another user's).
 */
export async function deleteAppPassword(
  ctx: Context,
  actor: Actor,
  user: User,
  id: string,
): Promise<void> {
  await removeAppPassword(ctx, actor, user, id, "Delete app password");
}

/**
 * Deletes the row and writes its audit entry in one transaction, under the user's lock, as
 * every change of a user's methods; revoke-app-password.ts shares it.
 */
export async function removeAppPassword(
  ctx: Context,
  actor: Actor,
  user: User,
  id: string,
  action: "Delete app password" | "Revoke app password",
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    const found = await findAppPassword(tx, user.id, id);
    if (!found || !(await deleteAppPasswordRow(tx, { userId: user.id, id }))) {
      throw new VarcoError(
        "app_password_not_found",
        `user '${user.upn}' has no app password ${id.slice(0, 80)}`,
      );
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action,
        targetType: "method",
        targetId: found.id,
        details: { upn: user.upn, name: found.name, lastUsedAt: found.lastUsedAt },
      },
    );
  });
}
