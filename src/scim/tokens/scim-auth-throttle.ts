import type { Context } from "../../context.ts";
import { takeAttempt } from "../../lockout/failure-throttle.ts";
import { readCounterWithExpiry } from "../../store/queries/counters.ts";

// Wrong SCIM tokens are throttled per address, as the token endpoint's client authentications
// are (src/api-clients/client-auth-throttle.ts): a token names no tenant before it is looked up,
// so the limit is one for the server. The count is read before the token is checked, and a
// refused address gets no check at all; a right token costs no write.
const perAddress = 100;

const addressCounter = (ip: string) => `scim-auth-failures:ip:${ip}`;

/** When the address may try again, if it has used up its wrong tokens; undefined when it may now. */
export async function scimAuthRefusedUntil(ctx: Context, ip: string): Promise<number | undefined> {
  const counted = await readCounterWithExpiry(ctx.store.db, addressCounter(ip), ctx.now());
  return counted && counted.value >= perAddress ? counted.expiresAt : undefined;
}

/** Counts a wrong token; returns when the address may try again if that used up its limit. */
export async function countScimAuthFailure(ctx: Context, ip: string): Promise<number | undefined> {
  const { retryAt } = await takeAttempt(ctx.store.db, ctx.now(), [
    { key: addressCounter(ip), limit: perAddress },
  ]);
  return retryAt;
}
