import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import { findPhoneMethod, insertPhoneMethod } from "../../store/queries/phone-methods.ts";
import { lockUser } from "../../store/queries/users.ts";
import { maskPhoneNumber } from "./mask-phone-number.ts";
import { parsePhoneNumber } from "./parse-phone-number.ts";
import { isPhoneType, type PhoneMethod } from "./phone-types.ts";

/**
 * Adds a phone of a type the user does not have yet. Two requests adding the same type at once
 * end with one phone: the second meets the key (user, type) and gets `phone_type_taken`. The
 * audit entry holds the number masked: the log outlives the phone.
 */
export async function addPhoneMethod(
  ctx: Context,
  actor: Actor,
  user: User,
  input: { phoneType: string; phoneNumber: string },
): Promise<PhoneMethod> {
  if (!isPhoneType(input.phoneType)) throw new VarcoError("invalid_phone_type");
  const phoneType = input.phoneType;
  const phoneNumber = parsePhoneNumber(input.phoneNumber);
  const now = ctx.now();
  const method: PhoneMethod = {
    userId: user.id,
    phoneType,
    phoneNumber,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.store.transaction(async (tx) => {
      await lockUser(tx, ctx.store.kind, user.id);
      if (await findPhoneMethod(tx, user.id, phoneType)) throw new VarcoError("phone_type_taken");
      await insertPhoneMethod(tx, method);
      await recordAudit(
        tx,
        { now, actor, keyring: ctx.keyring },
        {
          tenantId: user.tenantId,
          action: "Add phone method",
          targetType: "method",
          targetId: phoneType,
          details: { upn: user.upn, phoneType, phoneNumber: maskPhoneNumber(phoneNumber) },
        },
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new VarcoError("phone_type_taken");
    throw error;
  }
  return method;
}
