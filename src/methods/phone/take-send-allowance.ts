import type { PhoneSettings } from "../../phone-settings/phone-settings.ts";
import type { Store } from "../../store/open-store.ts";
import { countMessage } from "../../store/queries/message-counters.ts";

const hourMs = 60 * 60_000;

export type SendAllowance =
  | { readonly ok: true; readonly monthlyCapReachedNow: boolean }
  | {
      readonly ok: false;
      readonly reason: "phone_code_cooldown" | "phone_limit_reached";
      /** When asking again may succeed (the cool-down's end); undefined for the hourly limits. */
      readonly retryAt?: number;
    };

/**
 * Counts a message before it goes out (invariant 7), in one statement on PostgreSQL (two on
 * SQLite; message-counters.ts). First the sender's own
 * counters: the cool-down of what asks (a pending sign-in, a validate challenge), the user's hour
 * and the number's hour (over every tenant: a pumping attack spreads over accounts, not over
 * numbers). Only when those allow it, the tenant's hour and month, so that one user pressing
 * "Send again" cannot use up the whole tenant's budget. A refused request still counts where it
 * was counted: a flood stays refused until its window passes.
 *
 * `monthlyCapReachedNow` is true for the last message the monthly cap allows, so that the
 * notification addresses are told once, as sending stops.
 */
export async function takeSendAllowance(
  store: Store,
  input: {
    readonly settings: PhoneSettings;
    readonly tenantId: string;
    readonly userId: string;
    /** E.164 without spaces. */
    readonly number: string;
    /** What the cool-down is kept for. */
    readonly askedBy: string;
    readonly now: number;
  },
): Promise<SendAllowance> {
  const { settings, tenantId, userId, number, askedBy, now } = input;
  const cooldownEnds = now + settings.resendCooldownSeconds * 1000;
  const month = monthOf(now);
  const cap = settings.monthlyMessageCap;
  const counted = await countMessage(store, {
    sender: [
      { key: `phone-cooldown:${askedBy}`, expiresAt: cooldownEnds, limit: 1 },
      {
        key: `phone-user:${userId}`,
        expiresAt: now + hourMs,
        limit: settings.messagesPerUserPerHour,
      },
      {
        key: `phone-number:${number}`,
        expiresAt: now + hourMs,
        limit: settings.messagesPerNumberPerHour,
      },
    ],
    tenant: [
      {
        key: `phone-tenant:${tenantId}`,
        expiresAt: now + hourMs,
        limit: settings.messagesPerTenantPerHour,
      },
      // No cap: counted all the same, so that a cap set later knows the month so far.
      {
        key: `phone-month:${tenantId}:${month.name}`,
        expiresAt: month.endsAt,
        limit: cap || Number.MAX_SAFE_INTEGER,
      },
    ],
    now,
  });
  const [cooldown = 0, user = 0, perNumber = 0] = counted.sender;
  if (cooldown > 1) return { ok: false, reason: "phone_code_cooldown", retryAt: cooldownEnds };
  if (user > settings.messagesPerUserPerHour || perNumber > settings.messagesPerNumberPerHour)
    return { ok: false, reason: "phone_limit_reached" };
  const [tenantHour = 0, tenantMonth = 0] = counted.tenant ?? [];
  if ((cap > 0 && tenantMonth > cap) || tenantHour > settings.messagesPerTenantPerHour)
    return { ok: false, reason: "phone_limit_reached" };
  return { ok: true, monthlyCapReachedNow: cap > 0 && tenantMonth === cap };
}

/** The UTC month of `now` (`2026-12`) and when it ends. */
function monthOf(now: number): { name: string; endsAt: number } {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return {
    name: `${year}-${String(month + 1).padStart(2, "0")}`,
    endsAt: Date.UTC(year, month + 1, 1),
  };
}
