import type { Context } from "../../context.ts";
import { spendEmailCode, takeEmailCodeAttempt } from "../../store/queries/email-codes.ts";
import { emailCodeMatches } from "./email-code.ts";
import { type EmailCodePurpose, emailCodeMaxAttempts } from "./email-method-types.ts";

/**
 * Spends the live code of (purpose, boundTo) if `code` is it, and says whose it was and where it
 * went. The try is counted before the comparison, in the statement that reads the code
 * (invariant 2): after 5 tries, right or wrong, the code is dead. A right code is spent by a
 * conditional update (invariant 1): of two requests with it at once, one gets it. Undefined for
 * every failure alike: no code, expired, spent, tries used up, wrong.
 */
export async function claimEmailCode(
  ctx: Context,
  input: { purpose: EmailCodePurpose; boundTo: string; code: string },
): Promise<{ userId: string; address: string } | undefined> {
  const now = ctx.now();
  const db = ctx.store.db;
  const live = await takeEmailCodeAttempt(db, {
    purpose: input.purpose,
    boundTo: input.boundTo,
    now,
    maxAttempts: emailCodeMaxAttempts,
  });
  if (!live) return undefined;
  const binding = {
    purpose: input.purpose,
    userId: live.user_id,
    boundTo: input.boundTo,
    address: live.address,
  };
  if (!emailCodeMatches(ctx.keyring, live.code_hash, binding, input.code)) return undefined;
  if (!(await spendEmailCode(db, live.id, now))) return undefined;
  return { userId: live.user_id, address: live.address };
}
