import type { Context } from "../../context.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { emailMethodEnabledFor } from "./email-method-enabled.ts";
import { sendEmailCode } from "./send-email-code.ts";

/**
 * A user asks to register (or change to) `address`: nothing is saved yet, a code goes to the
 * address, bound to `boundTo` (the user's session) and to the address itself, and the address is
 * saved only when that code comes back (confirmEmailRegistration). Refused, sending nothing:
 * `email_method_not_allowed` when the Email method is not enabled for the user,
 * `invalid_email_address`, `email_limit_reached` past the sending limits.
 */
export async function startEmailRegistration(
  ctx: Context,
  tenant: Tenant,
  user: User,
  input: { boundTo: string; address: string; language: "it" | "en" },
): Promise<void> {
  if (!(await emailMethodEnabledFor(ctx, tenant.id, user.id)))
    throw new VarcoError("email_method_not_allowed");
  const sent = await sendEmailCode(ctx, tenant, user, { purpose: "registration", ...input });
  if (sent === "limited") throw new VarcoError("email_limit_reached");
}
