import { randomUUID } from "node:crypto";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { keyedHash } from "../../crypto/keyed-hash.ts";
import { randomToken } from "../../crypto/random.ts";
import type { Tenant } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { insertScimToken, type ScimToken } from "../../store/queries/scim.ts";

export const scimTokenPrefix = "varco_scim_";

/**
 * A bearer token with which a tenant's identity system (Microsoft Entra's "Secret Token",
 * Google Workspace, a school's registry) provisions users over SCIM. Random, 256 bits, returned
 * once; only its keyed hash is kept, so a database dump does not provision anything.
 */
export async function createScimToken(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  input: { name: string },
): Promise<{ scimToken: ScimToken; token: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) {
    throw new VarcoError("invalid_request", "a SCIM token name has 1 to 100 characters");
  }
  const token = `${scimTokenPrefix}${randomToken(32)}`;
  const now = ctx.now();
  const scimToken: ScimToken = {
    id: randomUUID(),
    tenantId: tenant.id,
    name,
    createdAt: now,
    revokedAt: null,
    lastUsedAt: null,
  };
  await ctx.store.transaction(async (tx) => {
    await insertScimToken(tx, {
      id: scimToken.id,
      tenant_id: tenant.id,
      name,
      token_hash: keyedHash(ctx.keyring, token),
      created_at: now,
      revoked_at: null,
      last_used_at: null,
    });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Add SCIM token",
        targetType: "tenant",
        targetId: tenant.id,
        details: { scimTokenId: scimToken.id, name },
      },
    );
  });
  return { scimToken, token };
}
