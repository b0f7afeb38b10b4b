import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { renamePasskeyCredential } from "../../store/queries/passkeys.ts";
import { checkPasskeyName } from "./passkey-name.ts";

/** Renames one of the user's keys, with its audit entry; `passkey_not_found` when it is not theirs. */
export async function renamePasskey(
  ctx: Context,
  actor: Actor,
  user: User,
  input: { id: string; name: string },
): Promise<void> {
  const name = checkPasskeyName(input.name);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (!(await renamePasskeyCredential(tx, { userId: user.id, id: input.id, name })))
      throw new VarcoError("passkey_not_found");
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Rename passkey",
        targetType: "method",
        targetId: input.id,
        details: { upn: user.upn, name },
      },
    );
  });
}
