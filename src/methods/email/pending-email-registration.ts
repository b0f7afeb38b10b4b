import type { Context } from "../../context.ts";
import { findLiveEmailCode } from "../../store/queries/email-codes.ts";
import { emailCodeMaxAttempts } from "./email-method-types.ts";

/** The address a live registration code went to for `boundTo` (masked by the page), or undefined. */
export async function pendingEmailRegistration(
  ctx: Context,
  boundTo: string,
): Promise<string | undefined> {
  const live = await findLiveEmailCode(ctx.store.db, {
    purpose: "registration",
    boundTo,
    now: ctx.now(),
    maxAttempts: emailCodeMaxAttempts,
  });
  return live?.address;
}
