import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { isUniqueViolation } from "../../store/is-unique-violation.ts";
import {
  findEmailMethod,
  insertEmailMethod,
  type StoredEmailMethod,
  updateEmailAddress,
} from "../../store/queries/email-methods.ts";
import { lockUser } from "../../store/queries/users.ts";
import { maskEmailAddress } from "./mask-email-address.ts";

/**
 * Writes the user's one authentication e-mail with its audit entry, in one transaction under
 * the user's lock: `add` only when there is none (`email_method_exists`), `update` only when
 * there is one (`email_method_not_found`), `either` both. The audit entry holds the addresses
 * masked: the log outlives them.
 */
export async function saveEmailMethod(
  ctx: Context,
  actor: Actor,
  user: User,
  address: string,
  mode: "add" | "update" | "either",
): Promise<StoredEmailMethod> {
  const now = ctx.now();
  try {
    return await ctx.store.transaction(async (tx) => {
      await lockUser(tx, ctx.store.kind, user.id);
      const before = await findEmailMethod(tx, user.id);
      if (before && mode === "add") throw new VarcoError("email_method_exists");
      if (!before && mode === "update") throw new VarcoError("email_method_not_found");
      const audit = { now, actor, keyring: ctx.keyring };
      if (before) {
        if (!(await updateEmailAddress(tx, user.id, address)))
          throw new VarcoError("email_method_not_found");
        await recordAudit(tx, audit, {
          tenantId: user.tenantId,
          action: "Update email method",
          targetType: "method",
          targetId: before.id,
          details: {
            upn: user.upn,
            before: maskEmailAddress(before.address),
            after: maskEmailAddress(address),
          },
        });
        return { ...before, address };
      }
      const method: StoredEmailMethod = {
        id: randomUUID(),
        tenantId: user.tenantId,
        userId: user.id,
        address,
        createdAt: now,
      };
      await insertEmailMethod(tx, method);
      await recordAudit(tx, audit, {
        tenantId: user.tenantId,
        action: "Add email method",
        targetType: "method",
        targetId: method.id,
        details: { upn: user.upn, emailAddress: maskEmailAddress(address) },
      });
      return method;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new VarcoError("email_method_exists");
    throw error;
  }
}
