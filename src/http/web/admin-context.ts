import type { FastifyReply, FastifyRequest } from "fastify";
import { type PageBrand, pageBrandOf } from "../../branding/page-brand.ts";
import type { Actor } from "../../context.ts";
import { errorCodes } from "../../errors/codes.ts";
import { phishingResistantRequired } from "../../policy/authentication-strength/phishing-resistant-required.ts";
import { type AdminAction, isAllowed, type Principal } from "../../roles/authorize.ts";
import type { SignedIn } from "../../sessions/authenticate-session.ts";
import { phishingResistantKinds } from "../../sign-in/machine/facts.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import { findUserById } from "../../store/queries/users.ts";
import type { AccountMenu } from "../../web/page-models.ts";
import { accountMenuOf } from "./account-menu.ts";
import { proofNeededFor } from "./visitor.ts";
import {
  rememberedSignInTenant,
  seeOther,
  sendPage,
  signedInOf,
  signInPathOf,
  type Web,
} from "./web-context.ts";

/** An administrator on the admin pages: the session, the roles, and the audit log's actor. */
export type PageAdmin = SignedIn & {
  readonly principal: Principal;
  readonly actor: Actor;
  /** The tenant's branding (branding/page-brand.ts). */
  readonly brand?: PageBrand | undefined;
  /** The header's account picker. */
  readonly accounts?: AccountMenu | undefined;
};

/**
 * What every admin page tells the layout, with the navigation entries the administrator's roles
 * open: each asks the same action its page checks, so no entry leads to a refusal.
 */
export const adminPage = (admin: PageAdmin) => {
  const can = (action: AdminAction) => isAllowed(admin.principal, action);
  return {
    tenantName: admin.tenant.displayName,
    timeZone: admin.tenant.policy.timeZone,
    brand: admin.brand,
    accounts: admin.accounts,
    signedIn: true,
    isAdmin: true,
    adminNav: {
      signIns: can("readLogs"),
      audit: can("readLogs"),
      riskyUsers: can("readRisk"),
      lockouts: can("readDirectory"),
      tokens: can("readDirectory"),
      policy: can("readPolicy"),
      dashboard: can("readReports"),
      campaigns: can("readReports"),
      branding: can("readPolicy"),
      domains: can("manageDomains"),
      scimTokens: can("manageRoles"),
      voiceGreetings: can("readPolicy"),
      phone: can("readPolicy"),
      methods: can("readPolicy"),
      phoneMessages: can("readLogs"),
    },
  };
};

/**
 * The user a page names by id, in the administrator's tenant, and whether they hold a role (what
 * the administrator may do to them depends on it); undefined when there is none.
 */
export async function findPageTarget(web: Web, admin: PageAdmin, id: string) {
  const db = web.ctx.store.db;
  const user = await findUserById(db, id);
  if (!user || user.tenantId !== admin.tenant.id) return undefined;
  const roles = await listRolesOf(db, "user", user.id);
  return { user, roles, isAdmin: roles.length > 0 };
}

/** The error page for `code`, with its status, as an administrator sees it. */
export function sendAdminError(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  admin: PageAdmin,
  code: "forbidden" | "not_found" | "user_not_found",
): FastifyReply {
  const status = errorCodes[code].status;
  return sendPage(web, request, reply, "error", { code }, { ...adminPage(admin), status });
}

/**
 * Runs `work` for a signed-in administrator. A user without a role gets 403. The admin pages need
 * a second factor proven within the tenant's recent-authentication window (session-strength.ts):
 * a session that skipped MFA (a trusted range, a remembered browser, a policy without MFA), or
 * proved it long ago, proves one again first; one the tenant requires phishing-resistant MFA of
 * proves a passkey. (POSTs passed the CSRF check first: csrf-check.ts.)
 */
export async function withPageAdmin(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (admin: PageAdmin) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  const who = await signedInOf(web, request);
  if (!who) return seeOther(reply, signInPathOf(rememberedSignInTenant(web, request)));
  const page = {
    tenantName: who.tenant.displayName,
    timeZone: who.tenant.policy.timeZone,
    signedIn: true,
  };
  const roles = await listRolesOf(web.ctx.store.db, "user", who.user.id);
  if (roles.length === 0)
    return sendPage(web, request, reply, "error", { code: "forbidden" }, { ...page, status: 403 });
  const returnTo = request.method === "GET" ? request.url : "/admin";
  if ((await proofNeededFor(web, who, returnTo)) !== "none") {
    return seeOther(reply, `/reauth?returnTo=${encodeURIComponent(returnTo)}`);
  }
  // Entra's authentication strength: an administrator the tenant requires phishing-resistant MFA
  // of reaches the admin pages only with a session whose last proof was a passkey.
  if (
    !phishingResistantKinds.includes(who.session.secondFactorKind ?? "") &&
    (await phishingResistantRequired(web.ctx, who.tenant, who.user.id))
  ) {
    return seeOther(reply, `/reauth?passkey=required&returnTo=${encodeURIComponent(returnTo)}`);
  }
  const ticket = (request.body as Record<string, unknown> | undefined)?.ticket;
  return work({
    ...who,
    brand: await pageBrandOf(web.ctx.store.db, who.tenant),
    accounts: await accountMenuOf(web, request, reply, who),
    principal: { tenantId: who.tenant.id, roles },
    actor: {
      type: "admin",
      id: who.user.id,
      name: who.user.upn,
      ip: request.ip,
      correlationId: request.id,
      ...(typeof ticket === "string" && ticket.trim()
        ? { ticket: ticket.trim().slice(0, 200) }
        : {}),
    },
  });
}
