import type { Context } from "../context.ts";
import { attemptSucceeded, takeAttempt } from "../lockout/failure-throttle.ts";

// The token endpoint's client authentications are throttled as passwords are
// (src/sign-in/password-throttle.ts): per client id, known or not, so the limit reveals nothing,
// and per address, one address guessing many clients. A client id names no tenant before it is
// looked up, so the address limit is one for the server: the default of the tenants'
// "passwordAttemptsPerAddress". A right secret gives its attempt back.
const perClient = 10;
const perAddress = 100;

const clientCounter = (clientId: string) => `client-auth-failures:client:${clientId}`;
const addressCounter = (ip: string) => `client-auth-failures:ip:${ip}`;

/** Counts a client authentication before its secret is checked (counters are atomic and taken first). */
export async function takeClientAuthAttempt(
  ctx: Context,
  clientId: string,
  ip: string | null,
): Promise<{ retryAt: number | undefined }> {
  return takeAttempt(ctx.store.db, ctx.now(), [
    { key: clientCounter(clientId), limit: perClient },
    ...(ip ? [{ key: addressCounter(ip), limit: perAddress }] : []),
  ]);
}

/** After a right secret: the client starts afresh, and the address gets its attempt back. */
export async function clientAuthAccepted(
  ctx: Context,
  clientId: string,
  ip: string | null,
): Promise<void> {
  await attemptSucceeded(ctx.store.db, ctx.now(), {
    identity: clientCounter(clientId),
    address: ip ? addressCounter(ip) : undefined,
  });
}
