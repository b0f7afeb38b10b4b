import type { Context } from "../context.ts";
import { constantTimeEqual } from "../crypto/constant-time.ts";
import { keyedHash, keyedHashWith } from "../crypto/keyed-hash.ts";
import type { Role } from "../roles/roles.ts";
import { findApiClient } from "../store/queries/api-clients.ts";
import { listRolesOf } from "../store/queries/roles.ts";
import { clientSecretHashInput } from "./create-api-client.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The client credentials grant: the live client with this id and secret, and its roles now;
 * undefined for an unknown or revoked client or a wrong secret, after the same work.
 */
export async function authenticateApiClient(
  ctx: Context,
  clientId: string,
  secret: string,
): Promise<{ id: string; tenantId: string; roles: Role[] } | undefined> {
  const client = uuid.test(clientId) ? await findApiClient(ctx.store.db, clientId) : undefined;
  const input = clientSecretHashInput(clientId, secret.slice(0, 200));
  const presented = client
    ? keyedHashWith(ctx.keyring, client.secretHash, input)
    : keyedHash(ctx.keyring, input);
  const right = !!client && !!presented && constantTimeEqual(presented, client.secretHash);
  if (!client || !right || client.revokedAt !== null) return undefined;
  return {
    id: client.id,
    tenantId: client.tenantId,
    roles: await listRolesOf(ctx.store.db, "apiClient", client.id),
  };
}
