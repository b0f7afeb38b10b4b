import type { Context } from "../context.ts";
import type { Role } from "../roles/roles.ts";
import { findApiClient } from "../store/queries/api-clients.ts";
import { listRolesOf } from "../store/queries/roles.ts";
import { verifyAccessToken } from "./verify-access-token.ts";

/** The API client behind an admin API request, as its row says now. */
export type AuthenticatedApiClient = {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly roles: readonly Role[];
};

/**
 * The live API client an access token was issued to, with the roles it holds at this moment;
 * undefined for a token Varco did not sign, an expired one, or one of a revoked client. The
 * roles come from the role assignments, read on every request, never from the token: a role
 * taken from a client, or the client revoked, counts from the next request on.
 */
export async function authenticateAccessToken(
  ctx: Context,
  token: string,
): Promise<AuthenticatedApiClient | undefined> {
  const verified = await verifyAccessToken(ctx, token);
  if (!verified) return undefined;
  const [client, roles] = await Promise.all([
    findApiClient(ctx.store.db, verified.clientId),
    listRolesOf(ctx.store.db, "apiClient", verified.clientId),
  ]);
  if (!client || client.revokedAt !== null || client.tenantId !== verified.tenantId) {
    return undefined;
  }
  return { id: client.id, tenantId: client.tenantId, name: client.name, roles };
}
