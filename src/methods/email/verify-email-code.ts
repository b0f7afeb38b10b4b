import type { Context } from "../../context.ts";
import { claimEmailCode } from "./claim-email-code.ts";
import type { EmailCodePurpose } from "./email-method-types.ts";

/**
 * Whether `code` is the live code e-mailed for (purpose, boundTo) (sendEmailCode), spending it:
 * true once, for one request, however many send it at once (invariant 1); each try counted
 * before it is compared, 5 at most (invariant 2); false alike for a wrong, expired, spent or dead
 * code, or none.
 */
export async function verifyEmailCode(
  ctx: Context,
  input: { purpose: EmailCodePurpose; boundTo: string; code: string },
): Promise<boolean> {
  return (await claimEmailCode(ctx, input)) !== undefined;
}
