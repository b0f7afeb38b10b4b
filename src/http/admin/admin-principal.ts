import type { FastifyRequest } from "fastify";
import { readAccessToken } from "../../api-clients/access-token.ts";
import type { Actor, Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { Principal } from "../../roles/authorize.ts";
import { findApiClient } from "../../store/queries/api-clients.ts";

/** Who calls the admin API: the API client, its tenant and roles, and how to name it in the audit log. */
export type AdminPrincipal = Principal & { readonly clientId: string; readonly actor: Actor };

const principals = new WeakMap<FastifyRequest, AdminPrincipal>();

/**
 * An onRequest hook for every admin API route: `Authorization: Bearer <access token>` from
 * /api/v1/oauth2/token, signed by Varco, not expired, of a client that is still live.
 */
export function requireAdminToken(ctx: Context) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "");
    const claims = match?.[1] ? readAccessToken(ctx, match[1]) : undefined;
    const client = claims && (await findApiClient(ctx.store.db, claims.sub));
    if (!claims || !client || client.revokedAt !== null || client.tenantId !== claims.tid) {
      throw new VarcoError(
        "unauthorized",
        "a live access token from /api/v1/oauth2/token is required",
      );
    }
    principals.set(request, {
      tenantId: claims.tid,
      roles: claims.roles,
      clientId: client.id,
      actor: {
        type: "apiClient",
        id: client.id,
        name: client.name,
        ip: request.ip,
        correlationId: request.id,
      },
    });
  };
}

export function adminOf(request: FastifyRequest): AdminPrincipal {
  const principal = principals.get(request);
  if (!principal) throw new VarcoError("unauthorized", "a live access token is required");
  return principal;
}
