import type { Context } from "../context.ts";
import { keyedHashCandidates } from "../crypto/keyed-hash.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import type { Store } from "../store/open-store.ts";
import { type ApiKey, findLiveApiKeyByHash } from "../store/queries/api-keys.ts";
import { apiKeyPrefix } from "./create-api-key.ts";

export type ApiClient = {
  readonly apiKey: ApiKey;
  readonly tenantPolicy: TenantPolicy;
  /** The policy as stored, for confirming that it has not changed since (PostgreSQL). */
  readonly policyJson: string;
};

// Live clients by presented key, per store, each with the store's change stamp of the tables it
// was read from: while the stamp is the same, no key was revoked and no policy changed, here or
// in another process. On SQLite checking the stamp costs a pragma instead of a hash and a join.
// PostgreSQL has no such stamp: there a client found here is only a candidate, and the validate
// call confirms it in the statement that counts its attempt (takeValidateAttempt), reading it
// again when that finds the key revoked or the policy changed (`rereadApiKey`).
// Only live keys are kept, so wrong keys can neither fill it nor get a faster answer.
const sourceTables = ["api_keys", "tenants"] as const;
const cached = new WeakMap<Store, Map<string, { stamp: string; client: ApiClient }>>();
const maxEntries = 1000;

/** The live API key for a presented key, or undefined. One indexed read by keyed hash. */
export async function authenticateApiKey(
  ctx: Context,
  presented: string,
): Promise<ApiClient | undefined> {
  if (!presented.startsWith(apiKeyPrefix) || presented.length > 200) return undefined;
  const hit = cachedApiClient(ctx, presented);
  if (hit) return hit;
  const stamp = ctx.store.changeStamp(sourceTables) ?? unconfirmed;
  const clients = cached.get(ctx.store);
  const client = await findLiveApiKeyByHash(
    ctx.store.db,
    keyedHashCandidates(ctx.keyring, presented),
  );
  if (!client) {
    clients?.delete(presented);
    return undefined;
  }
  const entries = clients ?? new Map();
  if (entries.size >= maxEntries) entries.clear();
  entries.set(presented, { stamp, client });
  cached.set(ctx.store, entries);
  return client;
}

/**
 * The live API key for a presented key when the cache above still vouches for it, without
 * waiting: the common case, where a caller with a key it used a moment ago needs no read.
 * Undefined means "not known here", not "not live": ask authenticateApiKey then.
 */
export function cachedApiClient(ctx: Context, presented: string): ApiClient | undefined {
  const hit = cached.get(ctx.store)?.get(presented);
  if (!hit) return undefined;
  return hit.stamp === (ctx.store.changeStamp(sourceTables) ?? unconfirmed)
    ? hit.client
    : undefined;
}

/** The stamp of PostgreSQL's candidates, which each use confirms (see above). */
const unconfirmed = "unconfirmed";

/** Reads a presented key again, its cached client no longer confirmed by the database. */
export async function rereadApiKey(
  ctx: Context,
  presented: string,
): Promise<ApiClient | undefined> {
  cached.get(ctx.store)?.delete(presented);
  return authenticateApiKey(ctx, presented);
}
