import type { Actor, Context } from "../../context.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { StoredEmailMethod } from "../../store/queries/email-methods.ts";
import { claimEmailCode } from "./claim-email-code.ts";
import { emailMethodEnabledFor } from "./email-method-enabled.ts";
import { saveEmailMethod } from "./save-email-method.ts";

/**
 * The code e-mailed by startEmailRegistration comes back: the address it went to becomes the
 * user's authentication e-mail, added or replacing the one before. `invalid_code` for a wrong,
 * expired, spent or dead code (5 tries), or one sent for another user; `email_method_not_allowed`
 * when the Email method was disabled for the user meanwhile (the code is left unspent).
 */
export async function confirmEmailRegistration(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  user: User,
  input: { boundTo: string; code: string },
): Promise<StoredEmailMethod> {
  if (!(await emailMethodEnabledFor(ctx, tenant.id, user.id)))
    throw new VarcoError("email_method_not_allowed");
  const claimed = await claimEmailCode(ctx, { purpose: "registration", ...input });
  if (!claimed || claimed.userId !== user.id) throw new VarcoError("invalid_code");
  return saveEmailMethod(ctx, actor, user, claimed.address, "either");
}
