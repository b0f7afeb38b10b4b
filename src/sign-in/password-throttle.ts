import type { Context } from "../context.ts";
import {
  incrementCounter,
  readCounterWithExpiry,
  resetCounter,
} from "../store/queries/counters.ts";

// Failed passwords allowed in a window, per UPN (known or not, so the limit reveals nothing) and
// per client address (one address guessing many accounts).
const perUpn = 10;
const perIp = 100;
const windowMs = 15 * 60_000;

const upnCounter = (tenantId: string, upnKey: string) =>
  `password-failures:upn:${tenantId}:${upnKey}`;
const ipCounter = (ip: string) => `password-failures:ip:${ip}`;

/**
 * When sign-in may be tried again, if this UPN or address has failed too often; and whether
 * the UPN has recent failures at all (only then is there a count to clear after a success).
 */
export async function passwordThrottle(
  ctx: Context,
  tenantId: string,
  upnKey: string,
  ip: string | null,
): Promise<{ retryAt: number | undefined; upnHasFailures: boolean }> {
  const now = ctx.now();
  const byUpn = await readCounterWithExpiry(ctx.store.db, upnCounter(tenantId, upnKey), now);
  const upnHasFailures = byUpn !== undefined;
  if (byUpn && byUpn.value >= perUpn) return { retryAt: byUpn.expiresAt, upnHasFailures };
  const byIp = ip ? await readCounterWithExpiry(ctx.store.db, ipCounter(ip), now) : undefined;
  if (byIp && byIp.value >= perIp) return { retryAt: byIp.expiresAt, upnHasFailures };
  return { retryAt: undefined, upnHasFailures };
}

export async function recordPasswordFailure(
  ctx: Context,
  tenantId: string,
  upnKey: string,
  ip: string | null,
): Promise<void> {
  const now = ctx.now();
  await incrementCounter(ctx.store.db, upnCounter(tenantId, upnKey), windowMs, now);
  if (ip) await incrementCounter(ctx.store.db, ipCounter(ip), windowMs, now);
}

export async function clearPasswordFailures(
  ctx: Context,
  tenantId: string,
  upnKey: string,
): Promise<void> {
  await resetCounter(ctx.store.db, upnCounter(tenantId, upnKey));
}
