import type { Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import type { Tenant, User } from "../directory/types.ts";
import { tokenHashes } from "../sign-in/tokens.ts";
import { findLiveSessionByHash, type Session, touchSession } from "../store/queries/sessions.ts";
import { findTenantById } from "../store/queries/tenants.ts";
import { findUserById } from "../store/queries/users.ts";

export type SignedIn = { readonly session: Session; readonly user: User; readonly tenant: Tenant };

// Last-seen is written at most once a minute: enough for the idle timeout, far fewer writes.
const touchEveryMs = 60_000;

/**
 * The session a cookie token names, if it is live: not revoked, within its absolute lifetime,
 * used within the tenant's idle timeout, and its user not blocked. `touch: false` only looks:
 * an account listed in the account picker is not in use, and its idle time goes on.
 */
export async function authenticateSession(
  ctx: Context,
  token: string | undefined,
  options: { touch?: boolean } = {},
): Promise<SignedIn | undefined> {
  if (!token) return undefined;
  const now = ctx.now();
  const session = await findLiveSessionByHash(
    ctx.store.db,
    tokenHashes(ctx.keyring, "session", token),
    now,
  );
  if (!session) return undefined;
  const [user, tenant] = await Promise.all([
    findUserById(ctx.store.db, session.userId),
    findTenantById(ctx.store.db, session.tenantId),
  ]);
  if (!user || !tenant || isBlocked(user, now)) return undefined;
  if (now - session.lastSeenAt > tenant.policy.sessionIdleMinutes * 60_000) return undefined;
  if (options.touch !== false && now - session.lastSeenAt > touchEveryMs)
    await touchSession(ctx.store.db, session.id, now);
  return { session, user, tenant };
}
