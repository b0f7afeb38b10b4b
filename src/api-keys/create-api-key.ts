import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { keyedHash } from "../crypto/keyed-hash.ts";
import { randomToken } from "../crypto/random.ts";
import type { Tenant } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { type ApiKey, insertApiKey } from "../store/queries/api-keys.ts";

export const apiKeyPrefix = "varco_";

/** Creates an API key for the validate API. The key is returned once; only its hash is kept. */
export async function createApiKey(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  input: { name: string },
): Promise<{ apiKey: ApiKey; key: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) {
    throw new VarcoError("invalid_request", "an API key name has 1 to 100 characters");
  }
  const key = `${apiKeyPrefix}${randomToken(32)}`;
  const now = ctx.now();
  const apiKey: ApiKey = {
    id: randomUUID(),
    tenantId: tenant.id,
    name,
    createdAt: now,
    revokedAt: null,
    lastUsedAt: null,
  };
  await ctx.store.transaction(async (tx) => {
    await insertApiKey(tx, {
      id: apiKey.id,
      tenant_id: tenant.id,
      name,
      key_hash: keyedHash(ctx.keyring, key),
      created_at: now,
      revoked_at: null,
      last_used_at: null,
    });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Add API key",
        targetType: "apiKey",
        targetId: apiKey.id,
        details: { name },
      },
    );
  });
  return { apiKey, key };
}
