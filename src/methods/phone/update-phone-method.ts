import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { findPhoneMethod, updatePhoneNumber } from "../../store/queries/phone-methods.ts";
import { clearPreferredPhoneMethod, lockUser } from "../../store/queries/users.ts";
import { maskPhoneNumber } from "./mask-phone-number.ts";
import { isFixedLine, parsePhoneNumber } from "./parse-phone-number.ts";
import { isPhoneType, type PhoneMethod } from "./phone-types.ts";

/**
 * Changes the number of one of the user's phones; the audit entry holds both numbers masked. A
 * mobile changed to a fixed line cannot take SMS: a default method of codes by SMS to it falls
 * back to the default app in the same transaction (a call to it stays the default).
 */
export async function updatePhoneMethod(
  ctx: Context,
  actor: Actor,
  user: User,
  input: { phoneType: string; phoneNumber: string },
): Promise<PhoneMethod> {
  if (!isPhoneType(input.phoneType)) throw new VarcoError("phone_method_not_found");
  const phoneType = input.phoneType;
  const phoneNumber = parsePhoneNumber(input.phoneNumber);
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    const before = await findPhoneMethod(tx, user.id, phoneType);
    if (!before || !(await updatePhoneNumber(tx, user.id, phoneType, phoneNumber, now)))
      throw new VarcoError("phone_method_not_found");
    if (phoneType !== "office" && isFixedLine(phoneNumber))
      await clearPreferredPhoneMethod(tx, user.id, [`sms:${phoneType}`]);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Update phone method",
        targetType: "method",
        targetId: phoneType,
        details: {
          upn: user.upn,
          phoneType,
          before: maskPhoneNumber(before.phoneNumber),
          after: maskPhoneNumber(phoneNumber),
        },
      },
    );
    return { ...before, phoneNumber, updatedAt: now };
  });
}
