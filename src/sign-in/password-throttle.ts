import type { Context } from "../context.ts";
import type { Tenant } from "../directory/types.ts";
import { attemptSucceeded, type ThrottleCount, takeAttempt } from "../lockout/failure-throttle.ts";

// Password attempts allowed in a window, per UPN (known or not, so the limit reveals nothing) and
// per client address (one address guessing many accounts; the tenant's policy sets that limit).
// A right password gives its attempt back, so only failures (and attempts still being checked)
// use up the limit.
const perUpn = 10;

const upnCounter = (tenantId: string, upnKey: string) =>
  `password-failures:upn:${tenantId}:${upnKey}`;
/** Each tenant counts an address on its own, against its own limit. */
export const addressCounter = (tenantId: string, ip: string) =>
  `password-failures:ip:${tenantId}:${ip}`;

/**
 * Counts a password attempt before the password is checked (DESIGN invariant 2, as the lockout
 * of second factors does): of any number of guesses sent at once, no more than the limit are
 * checked; the rest are refused unchecked. Returns when sign-in may be tried again if refused.
 */
export async function takePasswordAttempt(
  ctx: Context,
  tenant: Tenant,
  upnKey: string,
  ip: string | null,
): Promise<{ retryAt: number | undefined }> {
  const counts: ThrottleCount[] = [{ key: upnCounter(tenant.id, upnKey), limit: perUpn }];
  if (ip) {
    counts.push({
      key: addressCounter(tenant.id, ip),
      limit: tenant.policy.passwordAttemptsPerAddress,
    });
  }
  return takeAttempt(ctx.store.db, ctx.now(), counts);
}

/** After a right password: the UPN starts afresh, and the address gets its attempt back. */
export async function passwordAccepted(
  ctx: Context,
  tenant: Tenant,
  upnKey: string,
  ip: string | null,
): Promise<void> {
  await attemptSucceeded(ctx.store.db, ctx.now(), {
    identity: upnCounter(tenant.id, upnKey),
    address: ip ? addressCounter(tenant.id, ip) : undefined,
  });
}
