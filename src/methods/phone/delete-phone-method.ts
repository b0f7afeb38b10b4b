import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { deletePhoneMethod, findPhoneMethod } from "../../store/queries/phone-methods.ts";
import { clearPreferredPhoneMethod, lockUser } from "../../store/queries/users.ts";
import { maskPhoneNumber } from "./mask-phone-number.ts";
import { isPhoneType } from "./phone-types.ts";
import { preferencesOfPhone } from "./preferred-phone-method.ts";

/**
 * Deletes one of the user's phones; two deletions at once: one succeeds, one is told it is gone.
 * A default method that named the phone falls back to the default app in the same transaction.
 */
export async function removePhoneMethod(
  ctx: Context,
  actor: Actor,
  user: User,
  phoneType: string,
): Promise<void> {
  if (!isPhoneType(phoneType)) throw new VarcoError("phone_method_not_found");
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    const before = await findPhoneMethod(tx, user.id, phoneType);
    if (!before || !(await deletePhoneMethod(tx, user.id, phoneType)))
      throw new VarcoError("phone_method_not_found");
    await clearPreferredPhoneMethod(tx, user.id, preferencesOfPhone(phoneType));
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Delete phone method",
        targetType: "method",
        targetId: phoneType,
        details: { upn: user.upn, phoneType, phoneNumber: maskPhoneNumber(before.phoneNumber) },
      },
    );
  });
}
