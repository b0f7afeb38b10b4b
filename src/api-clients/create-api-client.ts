import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { keyedHash } from "../crypto/keyed-hash.ts";
import { randomToken } from "../crypto/random.ts";
import type { Tenant } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import type { Role } from "../roles/roles.ts";
import { insertApiClient } from "../store/queries/api-clients.ts";
import { insertRoleAssignment } from "../store/queries/roles.ts";

/**
 * An API client of the admin API (Entra's app registration with a client secret): it trades its
 * id and secret for an access token, and acts with the roles it holds. The secret is returned once.
 */
export async function createApiClient(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  input: { name: string; roles: readonly Role[] },
): Promise<{ clientId: string; clientSecret: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) {
    throw new VarcoError("invalid_request", "an API client name has 1 to 100 characters");
  }
  if (input.roles.length === 0) {
    throw new VarcoError("invalid_request", "an API client needs at least one role");
  }
  const clientId = randomUUID();
  const clientSecret = randomToken(32);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await insertApiClient(tx, {
      id: clientId,
      tenant_id: tenant.id,
      name,
      secret_hash: keyedHash(ctx.keyring, clientSecretHashInput(clientId, clientSecret)),
      created_at: now,
      revoked_at: null,
      last_used_at: null,
    });
    for (const role of new Set(input.roles)) {
      await insertRoleAssignment(tx, {
        tenantId: tenant.id,
        principalType: "apiClient",
        principalId: clientId,
        role,
        now,
      });
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Add API client",
        targetType: "apiClient",
        targetId: clientId,
        details: { name, roles: [...new Set(input.roles)] },
      },
    );
  });
  return { clientId, clientSecret };
}

/** The keyed-hash input of a client secret: bound to its client. */
export function clientSecretHashInput(clientId: string, secret: string): string {
  return `api-client-secret:${clientId}:${secret}`;
}
