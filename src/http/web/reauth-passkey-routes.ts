import { sessionReauthOptions } from "../../methods/passkey/session-ceremonies.ts";
import { provePasskeyAgain } from "../../sign-in/step-up-passkey.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { optionalText, pageForm } from "./page-contracts.ts";
import { sessionJson } from "./passkey-session-options.ts";
import { localPath, showReauth } from "./reauth-routes.ts";
import { withVisitor } from "./visitor.ts";
import { clientOf, seeOther, type Web } from "./web-context.ts";
import { assertionOf, WebauthnAnswer } from "./webauthn-answer.ts";

const PasskeyProofForm = pageForm({ response: WebauthnAnswer, returnTo: optionalText(2048) });

/**
 * "Confirm it's you" with a passkey or security key: the options bound to the session
 * (sessionReauthOptions), the answer proven once (provePasskeyAgain), which marks the session's
 * second factor as recent, as a code does.
 */
export function registerReauthPasskeyRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  app.post("/reauth/passkey/options", { schema: { body: pageForm({}) } }, async (request, reply) =>
    sessionJson(web, request, reply, undefined, async (who) => ({
      ceremony: "get" as const,
      options: { ...(await sessionReauthOptions(ctx, who)) },
    })),
  );

  app.post("/reauth/passkey", { schema: { body: PasskeyProofForm } }, async (request, reply) =>
    withVisitor(web, request, reply, async (who) => {
      const returnTo = localPath(request.body.returnTo);
      const response = assertionOf(request.body.response);
      const outcome = response && (await provePasskeyAgain(ctx, who, response, clientOf(request)));
      if (outcome?.kind === "proven") return seeOther(reply, returnTo);
      return showReauth(web, request, reply, who, returnTo, {
        error: "passkey_failed",
        status: 401,
      });
    }),
  );
}
