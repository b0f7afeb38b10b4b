import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { deletePasskeyCredential, findPasskeyCredential } from "../../store/queries/passkeys.ts";

/**
 * Deletes one of the user's keys from Security info, with its "Delete passkey" audit entry in
 * the same transaction; `passkey_not_found` when it is not theirs. The caller has checked that
 * the session may change methods (session-strength.ts).
 */
export async function removeOwnPasskey(
  ctx: Context,
  actor: Actor,
  user: User,
  id: string,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const row = await findPasskeyCredential(tx, user.id, id);
    if (!row || !(await deletePasskeyCredential(tx, { userId: user.id, id })))
      throw new VarcoError("passkey_not_found");
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Delete passkey",
        targetType: "method",
        targetId: id,
        details: { upn: user.upn, name: row.name, kind: row.kind, aaguid: row.aaguid },
      },
    );
  });
}
