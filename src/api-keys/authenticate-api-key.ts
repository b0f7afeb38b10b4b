import type { Context } from "../context.ts";
import { keyedHashCandidates } from "../crypto/keyed-hash.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import type { Store } from "../store/open-store.ts";
import { type ApiKey, findLiveApiKeyByHash } from "../store/queries/api-keys.ts";
import { apiKeyPrefix } from "./create-api-key.ts";

export type ApiClient = { readonly apiKey: ApiKey; readonly tenantPolicy: TenantPolicy };

// Live clients by presented key, per store, each with the store's change stamp of the tables it
// was read from: while the stamp is the same, no key was revoked and no policy changed, here or
// in another process. On SQLite checking the stamp costs a pragma instead of a hash and a join.
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
  const stamp = ctx.store.changeStamp(sourceTables);
  const clients = cached.get(ctx.store);
  const hit = clients?.get(presented);
  if (hit && hit.stamp === stamp) return hit.client;
  const client = await findLiveApiKeyByHash(
    ctx.store.db,
    keyedHashCandidates(ctx.keyring, presented),
  );
  if (stamp === undefined) return client;
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
