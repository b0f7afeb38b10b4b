import { proveResetPasskey } from "../../password-reset/prove-reset-passkey.ts";
import { resetPasskeyOptions } from "../../password-reset/reset-passkey-options.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { pageForm } from "./page-contracts.ts";
import { passwordResetPages } from "./password-reset-pages.ts";
import { clientOf, seeOther, type Web } from "./web-context.ts";
import { assertionOf, WebauthnAnswer } from "./webauthn-answer.ts";

const PasskeyForm = pageForm({ response: WebauthnAnswer });

/**
 * "Use my passkey or security key" in a reset: the options passkey.js asks for (JSON, with the
 * page's CSRF token, bound to the reset: resetPasskeyOptions), then the form it sends with the
 * browser's answer (proveResetPasskey). The one method of the reset that needs a script.
 */
export function registerPasswordResetPasskeyRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const { resetOf, over, showVerify, refused } = passwordResetPages(web);

  app.post(
    "/password-reset/passkey/options",
    { schema: { body: pageForm({}) } },
    async (request, reply) => {
      const reset = await resetOf(request);
      if (!reset) return over(request, reply);
      reply.header("cache-control", "no-store");
      return { ceremony: "get" as const, options: { ...(await resetPasskeyOptions(ctx, reset)) } };
    },
  );

  app.post("/password-reset/passkey", { schema: { body: PasskeyForm } }, async (request, reply) => {
    const reset = await resetOf(request);
    if (!reset) return over(request, reply);
    const response = assertionOf(request.body.response);
    if (!response)
      return showVerify(request, reply, reset, {
        method: "passkey",
        error: "reset_verification_failed",
      });
    try {
      await proveResetPasskey(ctx, reset, response, clientOf(request));
      return seeOther(reply, "/password-reset/verify");
    } catch (error) {
      return refused(request, reply, reset, "passkey", error);
    }
  });
}
