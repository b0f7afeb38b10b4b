import type { Context } from "../../context.ts";
import { methodsEnabledFor } from "../../policy/method-configurations/methods-enabled-for.ts";

/**
 * Whether the user may register and use an authentication e-mail: the tenant's Email method
 * configuration enables it for them (state, include and exclude targets: methods-enabled-for.ts;
 * disabled until an administrator enables it), and this process can send mail. E-mail serves
 * self-service password reset only: the sign-in never offers it as a second factor.
 */
export async function emailMethodEnabledFor(
  ctx: Context,
  tenantId: string,
  userId: string,
): Promise<boolean> {
  if (!ctx.mail) return false;
  const enabled = await methodsEnabledFor(ctx, tenantId, userId, { sms: false, voice: false });
  return enabled.has("Email");
}
