import type { Context } from "../context.ts";
import { constantTimeEqual } from "../crypto/constant-time.ts";
import { keyedHash, keyedHashWith } from "../crypto/keyed-hash.ts";
import type { Role } from "../roles/roles.ts";
import { findApiClient } from "../store/queries/api-clients.ts";
import { listRolesOf } from "../store/queries/roles.ts";
import { clientSecretHashInput } from "./create-api-client.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Why a client authentication failed: for the sign-in log, never for the caller. */
export type ClientRefusal = "client_not_found" | "invalid_client_secret" | "client_revoked";

export type ClientAuthentication =
  | {
      readonly ok: true;
      readonly client: {
        readonly id: string;
        readonly tenantId: string;
        readonly name: string;
        readonly roles: Role[];
      };
    }
  | {
      readonly ok: false;
      readonly reason: ClientRefusal;
      /** The tenant of the client the id names; null when it names none. */
      readonly tenantId: string | null;
    };

/**
 * The client credentials grant: the live client with this id and secret, and its roles now; or
 * why not (unknown or revoked client, wrong secret), after the same work whatever the reason.
 */
export async function authenticateApiClient(
  ctx: Context,
  clientId: string,
  secret: string,
): Promise<ClientAuthentication> {
  const client = uuid.test(clientId) ? await findApiClient(ctx.store.db, clientId) : undefined;
  const input = clientSecretHashInput(clientId, secret.slice(0, 200));
  const presented = client
    ? keyedHashWith(ctx.keyring, client.secretHash, input)
    : keyedHash(ctx.keyring, input);
  const right = !!client && !!presented && constantTimeEqual(presented, client.secretHash);
  if (!client) return { ok: false, reason: "client_not_found", tenantId: null };
  if (!right) return { ok: false, reason: "invalid_client_secret", tenantId: client.tenantId };
  if (client.revokedAt !== null) {
    return { ok: false, reason: "client_revoked", tenantId: client.tenantId };
  }
  return {
    ok: true,
    client: {
      id: client.id,
      tenantId: client.tenantId,
      name: client.name,
      roles: await listRolesOf(ctx.store.db, "apiClient", client.id),
    },
  };
}

/** The tenant of the client this id names, live or revoked; null when it names none. */
export async function tenantOfClient(ctx: Context, clientId: string): Promise<string | null> {
  const client = uuid.test(clientId) ? await findApiClient(ctx.store.db, clientId) : undefined;
  return client?.tenantId ?? null;
}
