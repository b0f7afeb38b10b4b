import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { findMethod, setDefaultMethod } from "../store/queries/methods.ts";
import { setPreferredPhoneMethod } from "../store/queries/users.ts";

/**
 * Makes an active method the one offered first at sign-in; a phone that was the default
 * (set-preferred-method.ts) is no longer.
 */
export async function chooseDefaultMethod(
  ctx: Context,
  actor: Actor,
  user: User,
  methodId: string,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const method = await findMethod(tx, user.id, methodId);
    if (method?.state !== "active")
      throw new VarcoError("method_not_found", "no active method with that id");
    await setDefaultMethod(tx, user.id, methodId);
    await setPreferredPhoneMethod(tx, user.id, null);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Set default authentication method",
        targetType: "method",
        targetId: methodId,
        details: { upn: user.upn, label: method.label },
      },
    );
  });
}
