import type { FastifyReply } from "fastify";
import type { SignInStep } from "../../sign-in/types.ts";
import { setAsideCurrentAccount } from "./other-accounts.ts";
import { clearCookie, rotateCsrfToken, setTokenCookie, type Web } from "./web-context.ts";

/**
 * The cookies a sign-in step sets, the same for the pages and the JSON API: the pending sign-in's
 * token while it waits for the user, the session (and a remembered device) once it starts, and
 * none once the sign-in is over.
 */
export function setStepCookies(web: Web, reply: FastifyReply, step: SignInStep): void {
  switch (step.kind) {
    case "second_factor":
    case "register":
    case "change_password":
      setTokenCookie(
        web,
        reply,
        "varco_pending",
        { token: step.pendingToken, expiresAt: 0 },
        false,
      );
      return;
    case "signed_in":
      clearCookie(web, reply, "varco_pending");
      // A CSRF token seen before sign-in (on a shared computer, in a planted cookie) must not
      // carry over into the session: the session starts with a new one.
      rotateCsrfToken(web, reply);
      // The account in use until now waits in the account picker's list.
      setAsideCurrentAccount(web, reply, step.session.token);
      setTokenCookie(web, reply, "varco_session", step.session, false);
      if (step.rememberedDevice)
        setTokenCookie(web, reply, "varco_device", step.rememberedDevice, true);
      return;
    case "expired":
    case "blocked":
    case "locked":
    case "fraud_reported":
      clearCookie(web, reply, "varco_pending");
      return;
    case "failed":
    case "throttled":
    case "pass_not_yet_valid":
      return;
  }
}
