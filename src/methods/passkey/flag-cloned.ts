import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { flagPasskeyCloned } from "../../store/queries/passkeys.ts";
import type { PasskeyCredentialsTable } from "../../store/schema.ts";

/**
 * A signature whose counter did not move forward: the key may have been copied. The credential
 * is flagged (administrators see it on the user's page and in the API) and the audit log says so,
 * once; whether it may still sign in is the tenant's `clonedCredentialAction`.
 */
export async function flagClonedPasskey(
  ctx: Context,
  actor: Actor,
  user: User,
  credential: PasskeyCredentialsTable,
  counters: { stored: number; presented: number },
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (!(await flagPasskeyCloned(tx, credential.id, now))) return;
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Passkey possibly cloned",
        targetType: "method",
        targetId: credential.id,
        details: {
          upn: user.upn,
          name: credential.name,
          storedCounter: counters.stored,
          presentedCounter: counters.presented,
        },
      },
    );
  });
}
