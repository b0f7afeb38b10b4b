import { randomUUID } from "node:crypto";
import type { Context } from "../../context.ts";
import type { Tenant, User } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { putEmailCode } from "../../store/queries/email-codes.ts";
import { newSmsCode } from "../phone/sms-code.ts";
import { emailCodeHash } from "./email-code.ts";
import { emailCodeMessage } from "./email-code-text.ts";
import {
  type EmailCodePurpose,
  emailCodeDigits,
  emailCodeLifetimeMs,
} from "./email-method-types.ts";
import { parseEmailAddress } from "./parse-email-address.ts";
import { takeEmailAllowance } from "./take-email-allowance.ts";

/**
 * E-mails `user` a new 6-digit code for `purpose`, bound to `boundTo` (the session registering
 * the address, the pending password reset) and to the address: counted first against the
 * limits per user, per address and per tenant (take-email-allowance.ts; "limited", nothing
 * sent, when one is reached), then its keyed hash stored, replacing any code sent before for the
 * same purpose and `boundTo`, good for 10 minutes and 5 tries (verifyEmailCode), then the mail
 * handed to the configured SMTP server (or the outbox folder). The code goes into the mail and
 * nowhere else: no log, no row.
 *
 * Whether the user may use e-mail at all (the Email method configuration, emailMethodEnabledFor)
 * and whether `address` is the user's registered one are the caller's to check. Throws
 * `invalid_email_address` for an address SMTP would not take, and `email_send_failed` when the
 * SMTP server does not take the message (the code stored is then worth nothing: nobody has it).
 */
export async function sendEmailCode(
  ctx: Context,
  tenant: Tenant,
  user: User,
  input: {
    purpose: EmailCodePurpose;
    boundTo: string;
    address: string;
    language: "it" | "en";
  },
): Promise<"sent" | "limited"> {
  const address = parseEmailAddress(input.address);
  const now = ctx.now();
  const allowed = await takeEmailAllowance(ctx.store, ctx.keyring, {
    tenantId: tenant.id,
    userId: user.id,
    address,
    now,
  });
  if (!allowed) return "limited";
  const mail = ctx.mail;
  if (!mail) throw new VarcoError("email_send_failed", "no mail sender in this process");
  const code = newSmsCode(emailCodeDigits);
  const binding = { purpose: input.purpose, userId: user.id, boundTo: input.boundTo, address };
  await putEmailCode(ctx.store.db, {
    id: randomUUID(),
    tenant_id: tenant.id,
    user_id: user.id,
    purpose: input.purpose,
    bound_to: input.boundTo,
    address,
    code_hash: emailCodeHash(ctx.keyring, binding, code),
    attempts: 0,
    expires_at: now + emailCodeLifetimeMs,
    used_at: null,
    created_at: now,
  });
  try {
    await mail.send(
      emailCodeMessage({
        to: address,
        purpose: input.purpose,
        language: input.language,
        tenantName: tenant.displayName,
        upn: user.upn,
        code,
      }),
    );
  } catch (error) {
    // The SMTP server's words name the failure (refused, unreachable), never the message.
    const detail = error instanceof Error ? error.message.slice(0, 200) : "failed";
    throw new VarcoError("email_send_failed", detail, { cause: error });
  }
  return "sent";
}
