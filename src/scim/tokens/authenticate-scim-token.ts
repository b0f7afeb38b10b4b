import type { Actor, Context } from "../../context.ts";
import { keyedHashCandidates } from "../../crypto/keyed-hash.ts";
import type { Tenant } from "../../directory/types.ts";
import {
  findLiveScimTokenByHash,
  type ScimToken,
  touchScimToken,
} from "../../store/queries/scim.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import { scimTokenPrefix } from "./create-scim-token.ts";

const lastUseResolutionMs = 60_000;

/** Who is provisioning: the tenant the token belongs to, and the token, as the audit log's actor. */
export type ScimCaller = {
  readonly tenant: Tenant;
  readonly token: ScimToken;
  readonly actor: Actor;
};

/**
 * The live token for a presented bearer token, with its tenant, or undefined. One indexed read by
 * keyed hash (per master key during a rotation): the token is 256 random bits, so the hash finds
 * it and no comparison of secrets is needed.
 */
export async function authenticateScimToken(
  ctx: Context,
  presented: string,
  request: { ip: string | null; correlationId: string },
): Promise<ScimCaller | undefined> {
  if (!presented.startsWith(scimTokenPrefix) || presented.length > 200) return undefined;
  const token = await findLiveScimTokenByHash(
    ctx.store.db,
    keyedHashCandidates(ctx.keyring, presented),
  );
  if (!token) return undefined;
  // The last use, for `scim-token list`, written at most once a minute: not a write per request.
  const now = ctx.now();
  if (token.lastUsedAt === null || now - token.lastUsedAt > lastUseResolutionMs) {
    await touchScimToken(ctx.store.db, token.id, now);
  }
  const tenant = await findTenantById(ctx.store.db, token.tenantId);
  if (!tenant) return undefined;
  return {
    tenant,
    token,
    actor: {
      type: "apiClient",
      id: token.id,
      name: `SCIM token '${token.name}'`,
      ip: request.ip,
      correlationId: request.correlationId,
    },
  };
}
