import { attemptSucceeded, failureWindowMs } from "../../lockout/failure-throttle.ts";
import type { Db } from "../../store/open-store.ts";
import { incrementCounters } from "../../store/queries/counters.ts";

// App passwords are throttled as passwords are (src/sign-in/password-throttle.ts): 10 attempts
// per UPN (known or not, so the limit reveals nothing) and the tenant's passwordAttemptsPerAddress
// per client address, in 15 minutes, counted before anything is checked; a right one gives its
// attempt back. Their own counts, not the sign-in's: a phone that keeps trying an app password
// deleted a moment ago must not lock its owner out of the sign-in pages.
const perUpn = 10;

const upnCounter = (tenantId: string, upnKey: string) =>
  `app-password-failures:upn:${tenantId}:${upnKey}`;
const addressCounter = (tenantId: string, ip: string) =>
  `app-password-failures:ip:${tenantId}:${ip}`;

/** The counts an attempt took: the UPN's, and the address's when there is one. */
export type AppPasswordCounts = { readonly upn: number; readonly address: number | undefined };

/**
 * Counts an attempt on the UPN and the address, in one statement, before anything is checked;
 * whether it is refused is `isThrottled`'s to say, under the tenant's policy as it is now.
 */
export async function takeAppPasswordAttempt(
  db: Db,
  now: number,
  args: { tenantId: string; upnKey: string; ip: string | null },
): Promise<AppPasswordCounts> {
  const keys = [upnCounter(args.tenantId, args.upnKey)];
  if (args.ip) keys.push(addressCounter(args.tenantId, args.ip));
  const [upn, address] = await incrementCounters(db, keys, failureWindowMs, now);
  return { upn: upn?.value ?? 0, address: address?.value };
}

/** Whether the counts are over the limits: 10 per UPN, the policy's per address. */
export function isThrottled(counts: AppPasswordCounts, perAddress: number): boolean {
  return counts.upn > perUpn || (counts.address !== undefined && counts.address > perAddress);
}

/** After a right app password: the UPN starts afresh, and the address gets its attempt back. */
export async function appPasswordAccepted(
  db: Db,
  now: number,
  args: { tenantId: string; upnKey: string; ip: string | null },
): Promise<void> {
  await attemptSucceeded(db, now, {
    identity: upnCounter(args.tenantId, args.upnKey),
    address: args.ip ? addressCounter(args.tenantId, args.ip) : undefined,
  });
}
