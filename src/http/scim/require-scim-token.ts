import type { FastifyReply, FastifyRequest } from "fastify";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import {
  authenticateScimToken,
  type ScimCaller,
} from "../../scim/tokens/authenticate-scim-token.ts";
import {
  countScimAuthFailure,
  scimAuthRefusedUntil,
} from "../../scim/tokens/scim-auth-throttle.ts";

type RequestWithCaller = FastifyRequest & { scimCaller: ScimCaller | null };

/** The tenant and token of a request that passed requireScimToken. */
export function scimCallerOf(request: FastifyRequest): ScimCaller {
  const caller = (request as RequestWithCaller).scimCaller;
  if (!caller) throw new VarcoError("unauthorized", "no SCIM token");
  return caller;
}

/**
 * An onRequest hook: `Authorization: Bearer <SCIM token>` of a live token, checked before the
 * body is read. An address that sent too many wrong tokens gets 429 without a check; a wrong
 * token counts against its address.
 */
export function requireScimToken(ctx: Context) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const ip = request.ip;
    const refusedUntil = await scimAuthRefusedUntil(ctx, ip);
    if (refusedUntil !== undefined) throw throttled(reply, refusedUntil, ctx.now());
    const header = request.headers.authorization ?? "";
    const match = /^bearer +(\S+)\s*$/i.exec(header);
    const caller = match?.[1]
      ? await authenticateScimToken(ctx, match[1], { ip, correlationId: request.id })
      : undefined;
    if (caller) {
      (request as RequestWithCaller).scimCaller = caller;
      return;
    }
    const retryAt = await countScimAuthFailure(ctx, ip);
    if (retryAt !== undefined) throw throttled(reply, retryAt, ctx.now());
    throw new VarcoError("unauthorized", "a live SCIM token of the tenant is required");
  };
}

function throttled(reply: FastifyReply, retryAt: number, now: number): VarcoError {
  reply.header("retry-after", String(Math.max(1, Math.ceil((retryAt - now) / 1000))));
  return new VarcoError("throttled", "too many wrong SCIM tokens from this address");
}
