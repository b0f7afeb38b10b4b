import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import {
  deletePasskeyCredential,
  findPasskeyCredential,
  toPasskeyCredential,
} from "../../store/queries/passkeys.ts";
import { lockUser } from "../../store/queries/users.ts";
import { authenticatorModelName } from "./authenticator-models.ts";

/**
 * Removes one of the user's passkeys or security keys, for an administrator (the admin API, the
 * user's admin page) or the user (Security info): it signs in no more from the commit on. Two
 * removals at once: one succeeds, the other is told it is gone (`passkey_not_found`, as for an id
 * of another user's). The deletion and its audit entry land in one transaction, under the user's
 * lock, as every change of a user's methods.
 *
 * No default to move: the default method is an app or a phone (users.preferred_phone_method and
 * the methods' default flag, set-default-method.ts), never a passkey, so removing one leaves the
 * default as it was; sessions already proven with it stay, as after removing any method.
 */
export async function removePasskey(
  ctx: Context,
  actor: Actor,
  user: User,
  id: string,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    const row = await findPasskeyCredential(tx, user.id, id);
    if (!row || !(await deletePasskeyCredential(tx, { userId: user.id, id }))) {
      throw new VarcoError(
        "passkey_not_found",
        `user '${user.upn}' has no passkey ${id.slice(0, 80)}`,
      );
    }
    const passkey = toPasskeyCredential(row);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Delete passkey",
        targetType: "method",
        targetId: passkey.id,
        details: {
          upn: user.upn,
          name: passkey.name,
          kind: passkey.kind,
          aaGuid: passkey.aaguid,
          model: authenticatorModelName(passkey.aaguid) ?? null,
          possiblyCloned: passkey.clonedAt !== null,
        },
      },
    );
  });
}
