import { keyedHash } from "../../crypto/keyed-hash.ts";
import type { Keyring } from "../../crypto/keyring.ts";
import type { Store } from "../../store/open-store.ts";
import { countMessage } from "../../store/queries/message-counters.ts";
import { emailAddressKey } from "./parse-email-address.ts";

const hourMs = 60 * 60_000;

/**
 * How many codes go out by e-mail in an hour (docs/email-method.md "Limits"): to one user, to one
 * address over every tenant (a flood spreads over accounts, not over addresses), from one tenant.
 */
export const emailLimits = {
  perUserPerHour: 5,
  perAddressPerHour: 5,
  perTenantPerHour: 300,
} as const;

/**
 * Counts an e-mail before it goes out (invariant 7), like a text message
 * (phone/take-send-allowance.ts, through the same counters): the user's and the address's hour
 * first, then, only when those allow it, the tenant's, so that one user cannot use up the
 * tenant's budget. A refused request still counts: a flood stays refused until its hour passes.
 * The address is counted under its keyed hash: the counters table holds no address.
 */
export async function takeEmailAllowance(
  store: Store,
  keyring: Keyring,
  input: { tenantId: string; userId: string; address: string; now: number },
): Promise<boolean> {
  const { tenantId, userId, now } = input;
  const addressKey = keyedHash(keyring, `email-address\u0000${emailAddressKey(input.address)}`);
  const counted = await countMessage(store, {
    sender: [
      { key: `email-user:${userId}`, expiresAt: now + hourMs, limit: emailLimits.perUserPerHour },
      {
        key: `email-address:${addressKey}`,
        expiresAt: now + hourMs,
        limit: emailLimits.perAddressPerHour,
      },
    ],
    tenant: [
      {
        key: `email-tenant:${tenantId}`,
        expiresAt: now + hourMs,
        limit: emailLimits.perTenantPerHour,
      },
    ],
    now,
  });
  const [user = 0, address = 0] = counted.sender;
  if (user > emailLimits.perUserPerHour || address > emailLimits.perAddressPerHour) return false;
  const [tenant = 0] = counted.tenant ?? [Number.MAX_SAFE_INTEGER];
  return tenant <= emailLimits.perTenantPerHour;
}
