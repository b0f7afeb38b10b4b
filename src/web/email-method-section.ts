import type { Context } from "../context.ts";
import { emailMethodEnabledFor } from "../methods/email/email-method-enabled.ts";
import { maskEmailAddress } from "../methods/email/mask-email-address.ts";
import { findEmailMethod } from "../store/queries/email-methods.ts";
import type { EmailMethodSection } from "./email-method-models.ts";

/**
 * Security info's e-mail section: shown when the Email method is enabled for the user (add or
 * change), or when the user has an address (remove it, whatever the configuration says now).
 */
export async function ownEmailMethodSection(
  ctx: Context,
  tenantId: string,
  userId: string,
): Promise<EmailMethodSection> {
  const [method, enabled] = await Promise.all([
    findEmailMethod(ctx.store.db, userId),
    emailMethodEnabledFor(ctx, tenantId, userId),
  ]);
  if (!method && !enabled) return {};
  return {
    emailMethod: {
      masked: method ? maskEmailAddress(method.address) : null,
      canChange: enabled,
      canRemove: method !== undefined,
      forAdmin: false,
      base: "/security-info/email",
    },
  };
}

/** A user's admin page: the address masked, like the phones, with Remove for manageMethods. */
export async function adminEmailMethodSection(
  ctx: Context,
  userId: string,
  canManage: boolean,
): Promise<EmailMethodSection> {
  const method = await findEmailMethod(ctx.store.db, userId);
  return {
    emailMethod: {
      masked: method ? maskEmailAddress(method.address) : null,
      canChange: false,
      canRemove: canManage && method !== undefined,
      forAdmin: true,
      base: `/admin/users/${encodeURIComponent(userId)}/email`,
    },
  };
}
