import type { FastifyReply, FastifyRequest } from "fastify";
import { VarcoError } from "../../errors/varco-error.ts";
import type { SignedIn } from "../../sessions/authenticate-session.ts";
import { proofNeededFor } from "./visitor.ts";
import { signedInOf, type Web } from "./web-context.ts";

/**
 * A signed-in page's options call (passkey.js posts JSON, with the page's CSRF token, which the
 * one CSRF check reads like any form's), answering `{ ceremony, options }` as the JSON API's
 * options do. Like every page route it states no response contract: a refused token or form
 * gets the error page. The session's user, else `session_required`; with
 * `returnTo`, a session that must prove a factor again first gets `reauth_required`, as the
 * page behind it would send the person to /reauth.
 */
export async function sessionJson<T>(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  returnTo: string | undefined,
  work: (who: SignedIn) => Promise<T>,
): Promise<T> {
  const who = await signedInOf(web, request);
  if (!who) throw new VarcoError("session_required");
  if (returnTo !== undefined && (await proofNeededFor(web, who, returnTo)) !== "none")
    throw new VarcoError("reauth_required");
  reply.header("cache-control", "no-store");
  return work(who);
}
