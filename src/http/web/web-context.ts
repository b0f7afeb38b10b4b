import type { FastifyReply, FastifyRequest } from "fastify";
import type { PageBrand } from "../../branding/page-brand.ts";
import type { Context } from "../../context.ts";
import { defaultTenantName } from "../../directory/default-tenant.ts";
import { discoverTenant } from "../../directory/domains/discover-tenant.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import type { Tenant } from "../../directory/types.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { authenticateSession, type SignedIn } from "../../sessions/authenticate-session.ts";
import type { ClientInfo, IssuedToken } from "../../sign-in/types.ts";
import {
  cookieName,
  csrfCookieBase,
  issueCsrfToken,
  sessionCookie,
  strictCookie,
} from "../../web/csrf.ts";
import { languageCookieName, negotiateLanguage } from "../../web/negotiate-language.ts";
import type {
  AccountMenu,
  AdminNav,
  CommonModel,
  Language,
  PageModels,
  PageName,
} from "../../web/page-models.ts";
import { renderPage } from "../../web/render-page.ts";
import { securityHeaders } from "../../web/security-headers.ts";

export type CookieBase =
  | "varco_session"
  | "varco_pending"
  | "varco_device"
  | "varco_tenant"
  | "varco_accounts"
  /** The random token a passwordless challenge is bound to, in this browser. */
  | "varco_passkey"
  /** The self-service password reset under way in this browser. */
  | "varco_reset";

/**
 * What the page routes share: the app context, whether cookies are Secure (behind TLS), and the
 * public URL's origin when one is configured.
 */
export type Web = {
  readonly ctx: Context;
  readonly secure: boolean;
  readonly publicOrigin?: string | undefined;
};

export function readCookie(
  web: Web,
  request: FastifyRequest,
  base: CookieBase | typeof csrfCookieBase,
): string | undefined {
  return request.cookies[cookieName(base, web.secure)];
}

export function setTokenCookie(
  web: Web,
  reply: FastifyReply,
  base: CookieBase,
  issued: IssuedToken,
  persistent: boolean,
): void {
  const maxAge = persistent
    ? Math.max(0, Math.floor((issued.expiresAt - web.ctx.now()) / 1000))
    : undefined;
  reply.setCookie(cookieName(base, web.secure), issued.token, sessionCookie(web.secure, maxAge));
}

export function clearCookie(web: Web, reply: FastifyReply, base: CookieBase): void {
  reply.clearCookie(cookieName(base, web.secure), sessionCookie(web.secure));
}

export function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers["user-agent"]?.slice(0, 512) ?? null };
}

/** The language of this request; `?lang=` also sets the cookie that keeps the choice. */
export function languageOf(web: Web, request: FastifyRequest, reply: FastifyReply): Language {
  const query = (request.query as Record<string, unknown>)?.lang;
  const lang = negotiateLanguage({
    query: typeof query === "string" ? query : undefined,
    cookie: request.cookies[languageCookieName],
    acceptLanguage: request.headers["accept-language"],
  });
  if (typeof query === "string" && (query === "en" || query === "it")) {
    reply.setCookie(languageCookieName, lang, sessionCookie(web.secure, 365 * 86_400));
  }
  return lang;
}

/** The CSRF token of this browser, issued on its first page. */
export function csrfTokenOf(web: Web, request: FastifyRequest, reply: FastifyReply): string {
  const existing = readCookie(web, request, csrfCookieBase);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  return rotateCsrfToken(web, reply);
}

/** A new CSRF token for this browser, replacing the one it had (at sign-in). */
export function rotateCsrfToken(web: Web, reply: FastifyReply): string {
  const request = reply.request;
  const token = issueCsrfToken();
  reply.setCookie(cookieName(csrfCookieBase, web.secure), token, strictCookie(web.secure));
  // Later readers in this request see the new token too.
  request.cookies[cookieName(csrfCookieBase, web.secure)] = token;
  return token;
}

/**
 * The tenant a request names: `/t/{tenant}/…`, the form's `tenant` field or `?tenant=`;
 * undefined when it names none.
 */
export function namedTenantOf(request: FastifyRequest): string | undefined {
  const param = (request.params as Record<string, unknown> | undefined)?.tenant;
  const body = (request.body as Record<string, unknown> | undefined)?.tenant;
  const query = (request.query as Record<string, unknown> | undefined)?.tenant;
  for (const name of [param, body, query]) if (typeof name === "string" && name) return name;
  return undefined;
}

/**
 * The tenant of the web sign-in: the one the request names (namedTenantOf); else, with `upn`,
 * the tenant of its domain (home realm discovery); else the default. Undefined for a named
 * tenant that does not exist.
 */
export async function tenantOf(
  web: Web,
  request: FastifyRequest,
  upn?: string,
): Promise<Tenant | undefined> {
  const name = namedTenantOf(request);
  if (name === undefined && upn !== undefined) return discoverTenant(web.ctx, upn);
  try {
    return await findTenant(web.ctx, name);
  } catch (error) {
    if (isVarcoError(error, "tenant_not_found")) return undefined;
    throw error;
  }
}

const tenantNameShape = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Remembers in this browser the tenant of the sign-in under way (its name: no secret), so the
 * page shown when that sign-in has expired links back to the tenant's own sign-in page.
 */
export function rememberSignInTenant(web: Web, reply: FastifyReply, tenant: string): void {
  reply.setCookie(cookieName("varco_tenant", web.secure), tenant, sessionCookie(web.secure));
}

/** The tenant of this browser's last sign-in (rememberSignInTenant), when it looks like a name. */
export function rememberedSignInTenant(web: Web, request: FastifyRequest): string | undefined {
  const name = readCookie(web, request, "varco_tenant");
  return name && tenantNameShape.test(name) ? name : undefined;
}

/** The sign-in page of `tenant`: `/sign-in` for the default tenant, else `/t/{tenant}/sign-in`. */
export function signInPathOf(tenant: string | undefined): string {
  return tenant && tenant !== defaultTenantName
    ? `/t/${encodeURIComponent(tenant)}/sign-in`
    : "/sign-in";
}

export async function signedInOf(web: Web, request: FastifyRequest): Promise<SignedIn | undefined> {
  return authenticateSession(web.ctx, readCookie(web, request, "varco_session"));
}

/** Renders a page with the security headers every page gets. */
export function sendPage<P extends PageName>(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  page: P,
  model: PageModels[P],
  options: {
    status?: number;
    tenantName?: string;
    /** The tenant's time zone (its policy's timeZone); the default's when no tenant is known. */
    timeZone?: string;
    signedIn?: boolean;
    isAdmin?: boolean;
    adminNav?: AdminNav;
    /** The tenant's branding, where the tenant is known without home realm discovery. */
    brand?: PageBrand | undefined;
    /** The header's account picker, on a signed-in user's pages. */
    accounts?: AccountMenu | undefined;
  } = {},
): FastifyReply {
  const common: CommonModel = {
    lang: languageOf(web, request, reply),
    csrfToken: csrfTokenOf(web, request, reply),
    tenantName: options.tenantName ?? "Varco",
    signedIn: options.signedIn ?? false,
    isAdmin: options.isAdmin ?? false,
    ...(options.adminNav ? { adminNav: options.adminNav } : {}),
    path: request.url,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    ...(options.brand ? { brand: options.brand } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
  };
  return reply
    .status(options.status ?? 200)
    .headers(securityHeaders())
    .type("text/html; charset=utf-8")
    .send(renderPage(page, model, common));
}

/** 303 See Other: after a POST, the browser GETs the next page. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.status(303).headers(securityHeaders()).header("location", location).send();
}
