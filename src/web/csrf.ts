import type { CookieSerializeOptions } from "@fastify/cookie";
import { constantTimeEqual } from "../crypto/constant-time.ts";
import { randomToken } from "../crypto/random.ts";

/**
 * Double-submit CSRF tokens: the same random token goes into a SameSite=Strict, HttpOnly cookie
 * and into every form's hidden `_csrf` field; a state-changing request is accepted only when the
 * two match. A page on another site can neither read the cookie nor set it (`__Host-` behind TLS).
 */
export const csrfCookieBase = "varco_csrf";
export const csrfFieldName = "_csrf";

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** A new token: 32 random bytes as base64url. */
export function issueCsrfToken(): string {
  return randomToken(32);
}

/** True only when both tokens are well-formed and equal; compared in constant time. */
export function csrfTokenMatches(cookieToken: string | undefined, formToken: unknown): boolean {
  if (typeof cookieToken !== "string" || typeof formToken !== "string") return false;
  if (!tokenShape.test(cookieToken) || !tokenShape.test(formToken)) return false;
  return constantTimeEqual(cookieToken, formToken);
}

/**
 * The cookie's name: `__Host-<base>` behind TLS, which browsers accept only with Secure, Path=/
 * and no Domain, so no sibling subdomain can plant it; plain `<base>` over HTTP (development).
 */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

/** Options for the CSRF cookie: HttpOnly, SameSite=Strict, Path=/, Secure behind TLS. */
export function strictCookie(secure: boolean): CookieSerializeOptions {
  return { httpOnly: true, sameSite: "strict", path: "/", secure };
}

/**
 * Options for session-type cookies (session, sign-in state, remembered device, language):
 * HttpOnly, SameSite=Lax so that arriving from a link keeps the session, Path=/, Secure behind
 * TLS; a browser-session cookie unless `maxAgeSeconds` is given.
 */
export function sessionCookie(secure: boolean, maxAgeSeconds?: number): CookieSerializeOptions {
  const options: CookieSerializeOptions = { httpOnly: true, sameSite: "lax", path: "/", secure };
  if (maxAgeSeconds !== undefined) options.maxAge = maxAgeSeconds;
  return options;
}
