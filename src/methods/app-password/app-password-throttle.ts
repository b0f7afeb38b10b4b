import {
  attemptSucceeded,
  type ThrottleCount,
  takeAttempt,
} from "../../lockout/failure-throttle.ts";
import type { Db } from "../../store/open-store.ts";

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

/** Counts an attempt; `throttled` when the UPN or the address has used up its limit. */
export async function takeAppPasswordAttempt(
  db: Db,
  now: number,
  args: { tenantId: string; upnKey: string; ip: string | null; perAddress: number },
): Promise<{ throttled: boolean }> {
  const counts: ThrottleCount[] = [{ key: upnCounter(args.tenantId, args.upnKey), limit: perUpn }];
  if (args.ip) counts.push({ key: addressCounter(args.tenantId, args.ip), limit: args.perAddress });
  const { retryAt } = await takeAttempt(db, now, counts);
  return { throttled: retryAt !== undefined };
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
