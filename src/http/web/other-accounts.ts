import type { FastifyReply, FastifyRequest } from "fastify";
import { authenticateSession, type SignedIn } from "../../sessions/authenticate-session.ts";
import { cookieName, sessionCookie } from "../../web/csrf.ts";
import { clearCookie, readCookie, type Web } from "./web-context.ts";

/**
 * One browser, several accounts (Microsoft's account picker): the session in use stays in the
 * session cookie, and the browser's other sessions wait in `varco_accounts`, a list of their
 * tokens (HttpOnly, SameSite=Lax, `__Host-` behind TLS like the session cookie). Each token is
 * a session of its own user in its own tenant, checked on every use as the session cookie's is:
 * nothing in the list acts until the person switches to it, and then it acts only as itself.
 */
export const maxAccounts = 5;
const maxOthers = maxAccounts - 1;
const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/** The tokens of the other accounts, as the cookie holds them (well-formed ones, at most four). */
export function otherAccountTokens(web: Web, request: FastifyRequest): string[] {
  const raw = readCookie(web, request, "varco_accounts") ?? "";
  return [...new Set(raw.split(".").filter((token) => tokenShape.test(token)))].slice(0, maxOthers);
}

/** Writes the list; the oldest accounts past the limit are forgotten by this browser. */
export function keepOtherAccounts(web: Web, reply: FastifyReply, tokens: readonly string[]): void {
  const kept = [...new Set(tokens)].filter((token) => tokenShape.test(token)).slice(0, maxOthers);
  if (kept.length === 0) {
    clearCookie(web, reply, "varco_accounts");
    return;
  }
  reply.setCookie(
    cookieName("varco_accounts", web.secure),
    kept.join("."),
    sessionCookie(web.secure),
  );
  // Later readers in this request see the new list too.
  reply.request.cookies[cookieName("varco_accounts", web.secure)] = kept.join(".");
}

/**
 * At a new session: the account that was in use joins the waiting list, first, so the person can
 * switch back to it. Signing in again as a listed account replaces its entry when next read.
 */
export function setAsideCurrentAccount(web: Web, reply: FastifyReply, newToken: string): void {
  const current = readCookie(web, reply.request, "varco_session");
  if (!current || current === newToken) return;
  keepOtherAccounts(web, reply, [current, ...otherAccountTokens(web, reply.request)]);
}

export type OtherAccount = { readonly token: string; readonly who: SignedIn };

/**
 * The live accounts of the list, in order, without the one in use (`current`) and without a
 * second entry of one user: a session that ended, or a user signed in twice, drops out, and the
 * cookie is written again without it.
 */
export async function otherAccountsOf(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  current: SignedIn | undefined,
): Promise<OtherAccount[]> {
  const tokens = otherAccountTokens(web, request);
  if (tokens.length === 0) return [];
  const found = await Promise.all(
    tokens.map((token) => authenticateSession(web.ctx, token, { touch: false })),
  );
  const seen = new Set(current ? [current.user.id] : []);
  const live: OtherAccount[] = [];
  tokens.forEach((token, i) => {
    const who = found[i];
    if (!who || seen.has(who.user.id)) return;
    seen.add(who.user.id);
    live.push({ token, who });
  });
  if (live.length !== tokens.length)
    keepOtherAccounts(
      web,
      reply,
      live.map((a) => a.token),
    );
  return live;
}
