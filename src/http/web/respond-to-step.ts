import type { FastifyReply, FastifyRequest } from "fastify";
import type { Tenant } from "../../directory/types.ts";
import type { SignInStep } from "../../sign-in/types.ts";
import { passkeySignInOffer } from "./passkey-sign-in-offer.ts";
import { setStepCookies } from "./step-cookies.ts";
import { tenantPageOf } from "./tenant-page.ts";
import {
  rememberedSignInTenant,
  rememberSignInTenant,
  seeOther,
  sendPage,
  signInPathOf,
  type Web,
} from "./web-context.ts";

/** The page of each step at which a sign-in waits. */
export const stepPages = {
  second_factor: "/sign-in/verify",
  register: "/sign-in/register",
  change_password: "/sign-in/change-password",
} as const;

/**
 * The pages' interpreter of the sign-in machine: turns a step into the next page, for every
 * sign-in form. A refused first factor shows its own form again (`first`: password or Temporary
 * Access Pass); a refused code goes back to the form it came from (`retry`).
 */
export async function respondToStep(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  tenant: Tenant | undefined,
  step: SignInStep,
  options: {
    /** `discovered`: the tenant came from the UPN's domain, and the form names none. */
    first?: { page: "sign-in" | "tap-sign-in"; upn: string; discovered?: boolean };
    retry?: string;
  } = {},
): Promise<FastifyReply> {
  setStepCookies(web, reply, step);
  if (tenant && step.kind in stepPages) rememberSignInTenant(web, reply, tenant.name);
  const first = options.first ?? { page: "sign-in" as const, upn: "" };
  // The answer to a user name whose domain found the tenant shows no tenant (tenant-page.ts).
  const ofTenant = tenant && !first.discovered ? await tenantPageOf(web, tenant) : {};
  // A form whose tenant the domain found names none, so that a wrong password answers the same
  // page under every tenant but for the tenant's name.
  const named = !first.discovered && tenant ? { tenant: tenant.name } : {};
  const again = {
    ...(first.page === "sign-in" ? passkeySignInOffer(web) : {}),
    upn: first.upn,
    ...named,
    ...(first.discovered && first.page === "sign-in" ? { discovery: "password" as const } : {}),
  };
  // The tenant of the sign-in, or of the one before in this browser when it has expired.
  const tenantKept = tenant?.name ?? rememberedSignInTenant(web, request);
  switch (step.kind) {
    case "failed":
      return sendPage(
        web,
        request,
        reply,
        first.page,
        { ...again, error: "invalid_credentials" },
        { status: 401, ...ofTenant },
      );
    case "throttled":
      return sendPage(
        web,
        request,
        reply,
        first.page,
        { ...again, error: "throttled", retryAt: step.retryAt },
        { status: 429, ...ofTenant },
      );
    case "pass_not_yet_valid":
      return sendPage(
        web,
        request,
        reply,
        "tap-sign-in",
        { ...again, startAt: step.startAt },
        { status: 401, ...ofTenant },
      );
    case "expired":
      return sendPage(
        web,
        request,
        reply,
        "sign-in",
        {
          ...passkeySignInOffer(web),
          error: step.reason === "attempts_used_up" ? "attempts_used_up" : "expired",
          ...(tenantKept ? { tenant: tenantKept } : {}),
        },
        { status: 401, ...ofTenant },
      );
    case "locked":
      return sendPage(
        web,
        request,
        reply,
        "locked",
        {
          until: step.until,
          signInUrl: signInPathOf(tenantKept),
          helpdeskContact: step.helpdeskContact,
        },
        { status: 423, ...ofTenant },
      );
    case "blocked":
      return sendPage(
        web,
        request,
        reply,
        "blocked",
        { helpdeskContact: step.helpdeskContact },
        { status: 403, ...ofTenant },
      );
    case "fraud_reported":
      if (step.mailError) request.log.error({ err: step.mailError }, "fraud notification not sent");
      return sendPage(
        web,
        request,
        reply,
        "fraud-reported",
        {
          action: step.action,
          helpdeskContact: step.helpdeskContact,
          administratorNotified: step.administratorNotified,
        },
        ofTenant,
      );
    case "second_factor":
      if (step.error) return seeOther(reply, options.retry ?? "/sign-in/verify?error=invalid_code");
      return seeOther(reply, stepPages.second_factor);
    case "change_password":
      if (step.error) {
        return sendPage(
          web,
          request,
          reply,
          "change-password",
          { reason: step.reason, error: step.error },
          { status: 400, ...ofTenant },
        );
      }
      return seeOther(reply, stepPages.change_password);
    case "register":
      if (step.backupCodes) {
        return sendPage(
          web,
          request,
          reply,
          "backup-codes",
          { codes: [...step.backupCodes], continueUrl: stepPages.register },
          ofTenant,
        );
      }
      return seeOther(reply, stepPages.register);
    case "signed_in":
      if (step.backupCodes) {
        return sendPage(
          web,
          request,
          reply,
          "backup-codes",
          { codes: [...step.backupCodes], continueUrl: "/security-info" },
          { ...ofTenant, signedIn: true },
        );
      }
      return seeOther(reply, "/security-info");
  }
}
