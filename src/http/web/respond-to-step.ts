import type { FastifyReply, FastifyRequest } from "fastify";
import type { Tenant } from "../../directory/types.ts";
import type { SignInStep } from "../../sign-in/types.ts";
import { clearCookie, seeOther, sendPage, setTokenCookie, type Web } from "./web-context.ts";

/**
 * Turns a step of the sign-in state machine into the next page, for every sign-in form. A
 * refused first step shows its own form again (`firstPage`: password or Temporary Access Pass).
 */
export function respondToStep(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  tenant: Tenant,
  step: SignInStep,
  first: { page: "sign-in" | "tap-sign-in"; upn: string } = { page: "sign-in", upn: "" },
): FastifyReply {
  const tenantName = tenant.displayName;
  const again = { upn: first.upn, tenant: tenant.name };
  switch (step.kind) {
    case "failed":
      return sendPage(
        web,
        request,
        reply,
        first.page,
        { ...again, error: "invalid_credentials" },
        { status: 401, tenantName },
      );
    case "throttled":
      return sendPage(
        web,
        request,
        reply,
        first.page,
        { ...again, error: "throttled", retryAt: step.retryAt },
        { status: 429, tenantName },
      );
    case "pass_not_yet_valid":
      return sendPage(
        web,
        request,
        reply,
        "tap-sign-in",
        { ...again, startAt: step.startAt },
        { status: 401, tenantName },
      );
    case "expired":
      clearCookie(web, reply, "varco_pending");
      return sendPage(
        web,
        request,
        reply,
        "sign-in",
        { error: "expired" },
        { status: 401, tenantName },
      );
    case "locked":
      clearCookie(web, reply, "varco_pending");
      return sendPage(
        web,
        request,
        reply,
        "locked",
        { until: step.until, helpdeskContact: step.helpdeskContact },
        { status: 423, tenantName },
      );
    case "second_factor":
      setTokenCookie(
        web,
        reply,
        "varco_pending",
        { token: step.pendingToken, expiresAt: 0 },
        false,
      );
      if (!step.error) return seeOther(reply, "/sign-in/verify");
      return seeOther(reply, "/sign-in/verify?error=invalid_code");
    case "change_password":
      setTokenCookie(
        web,
        reply,
        "varco_pending",
        { token: step.pendingToken, expiresAt: 0 },
        false,
      );
      return seeOther(reply, "/sign-in/change-password");
    case "register":
      setTokenCookie(
        web,
        reply,
        "varco_pending",
        { token: step.pendingToken, expiresAt: 0 },
        false,
      );
      if (step.backupCodes) {
        return sendPage(
          web,
          request,
          reply,
          "backup-codes",
          { codes: [...step.backupCodes], continueUrl: "/sign-in/register" },
          { tenantName },
        );
      }
      return seeOther(reply, "/sign-in/register");
    case "signed_in":
      clearCookie(web, reply, "varco_pending");
      setTokenCookie(web, reply, "varco_session", step.session, false);
      if (step.rememberedDevice)
        setTokenCookie(web, reply, "varco_device", step.rememberedDevice, true);
      if (step.backupCodes) {
        return sendPage(
          web,
          request,
          reply,
          "backup-codes",
          { codes: [...step.backupCodes], continueUrl: "/security-info" },
          { tenantName, signedIn: true },
        );
      }
      return seeOther(reply, "/security-info");
  }
}
