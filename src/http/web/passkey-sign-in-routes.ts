import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { Checkbox, pageForm, TenantField } from "./page-contracts.ts";
import { passkeySignInOffer } from "./passkey-sign-in-offer.ts";
import { respondToStep } from "./respond-to-step.ts";
import { tenantPageOf } from "./tenant-page.ts";
import { clientOf, readCookie, seeOther, sendPage, tenantOf, type Web } from "./web-context.ts";
import { assertionOf, WebauthnAnswer } from "./webauthn-answer.ts";

const PasswordlessForm = pageForm({ response: WebauthnAnswer, tenant: TenantField });
const SecondFactorForm = pageForm({ response: WebauthnAnswer, remember: Checkbox });

/**
 * The pages' passkey answers at sign-in, as events of the one sign-in machine (the JSON API's
 * twins in passkey-sign-in-api.ts, whose options endpoints the pages' script calls):
 * - "Sign in with a passkey" and the user name field's autofill: the `passkey` start event, its
 *   challenge bound to this browser by the `varco_passkey` cookie the options call set;
 * - the code prompt's "Use a passkey or security key": the `secondFactor` event.
 */
export function registerPasskeySignInRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  app.post("/sign-in/passkey", { schema: { body: PasswordlessForm } }, async (request, reply) => {
    const tenant = await tenantOf(web, request);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    const refused = async () =>
      sendPage(
        web,
        request,
        reply,
        "sign-in",
        { tenant: tenant.name, error: "passkey_failed", ...passkeySignInOffer(web) },
        { status: 401, ...(request.body.tenant ? await tenantPageOf(web, tenant) : {}) },
      );
    const response = assertionOf(request.body.response);
    if (!response) return refused();
    const { step } = await signInMachine.advance(ctx, {
      event: {
        type: "passkey",
        tenant,
        response,
        browserToken: readCookie(web, request, "varco_passkey") ?? "",
      },
      client: clientOf(request),
      channel: "pages",
    });
    // An unknown key and a bad signature get one answer, as a wrong password does.
    if (step.kind === "failed") return refused();
    return respondToStep(web, request, reply, tenant, step);
  });

  app.post(
    "/sign-in/verify/passkey",
    { schema: { body: SecondFactorForm } },
    async (request, reply) => {
      const retry = "/sign-in/verify?error=passkey_failed";
      const response = assertionOf(request.body.response);
      if (!response) return seeOther(reply, retry);
      const { step, tenant } = await signInMachine.advance(ctx, {
        event: {
          type: "secondFactor",
          proof: { kind: "passkey", response },
          rememberDevice: request.body.remember === "on" || request.body.remember === "1",
        },
        client: clientOf(request),
        channel: "pages",
        pendingToken: readCookie(web, request, "varco_pending"),
      });
      return respondToStep(web, request, reply, tenant, step, { retry });
    },
  );
}
