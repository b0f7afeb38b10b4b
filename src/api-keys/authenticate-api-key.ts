import type { Context } from "../context.ts";
import { keyedHashCandidates } from "../crypto/keyed-hash.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import { type ApiKey, findLiveApiKeyByHash } from "../store/queries/api-keys.ts";

export type ApiClient = { readonly apiKey: ApiKey; readonly tenantPolicy: TenantPolicy };

import { apiKeyPrefix } from "./create-api-key.ts";

/** The live API key for a presented key, or undefined. One indexed read by keyed hash. */
export async function authenticateApiKey(
  ctx: Context,
  presented: string,
): Promise<ApiClient | undefined> {
  if (!presented.startsWith(apiKeyPrefix) || presented.length > 200) return undefined;
  return findLiveApiKeyByHash(ctx.store.db, keyedHashCandidates(ctx.keyring, presented));
}
