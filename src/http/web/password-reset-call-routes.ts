import { confirmResetCall } from "../../password-reset/confirm-reset-call.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { pageForm } from "./page-contracts.ts";
import { passwordResetPages } from "./password-reset-pages.ts";
import { seeOther, type Web } from "./web-context.ts";

/**
 * "I answered and pressed #" in a reset, once "Call my phone" asked for the call (the form of
 * /password-reset/send, with the number typed): the call's answer, as the provider's callback
 * recorded it, proves the phone (confirmResetCall).
 */
export function registerPasswordResetCallRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const { resetOf, over, refused } = passwordResetPages(web);

  app.post(
    "/password-reset/call/answered",
    { schema: { body: pageForm({}) } },
    async (request, reply) => {
      const reset = await resetOf(request);
      if (!reset) return over(request, reply);
      try {
        await confirmResetCall(ctx, reset);
        return seeOther(reply, "/password-reset/verify");
      } catch (error) {
        return refused(request, reply, reset, "voice", error);
      }
    },
  );
}
