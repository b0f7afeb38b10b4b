import type { FastifyRequest } from "fastify";
import { authenticateAccessToken } from "../../api-clients/authenticate-access-token.ts";
import type { Actor, Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { Principal } from "../../roles/authorize.ts";

/** Who calls the admin API: the API client, its tenant and roles, and how to name it in the audit log. */
export type AdminPrincipal = Principal & { readonly clientId: string; readonly actor: Actor };

const principals = new WeakMap<FastifyRequest, AdminPrincipal>();

/**
 * An onRequest hook for every admin API route: `Authorization: Bearer <access token>` from
 * /api/v1/oauth2/token, signed by Varco, not expired, of a client that is still live. The
 * client's roles are read from its role assignments on each request, not from the token.
 */
export function requireAdminToken(ctx: Context) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "");
    const client = match?.[1] ? await authenticateAccessToken(ctx, match[1]) : undefined;
    if (!client) {
      throw new VarcoError(
        "unauthorized",
        "a live access token from /api/v1/oauth2/token is required",
      );
    }
    principals.set(request, {
      tenantId: client.tenantId,
      roles: client.roles,
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
