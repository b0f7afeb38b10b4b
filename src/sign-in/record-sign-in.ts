import { logEntryId } from "../store/log-entry-id.ts";
import type { Db } from "../store/open-store.ts";
import { insertSignIn } from "../store/queries/sign-in-log.ts";
import type { SignInLogTable } from "../store/schema.ts";
import type { Channel, FirstFactorKind } from "./machine/facts.ts";
import type { ClientInfo, MfaSatisfiedBy } from "./types.ts";

/** Reasons a sign-in through the pages or the JSON API ended as it did (docs/events.md). */
export type SignInReason =
  | "success"
  | "user_not_found"
  | "invalid_password"
  | "user_blocked"
  | "throttled"
  | "mfa_required"
  | "registration_required"
  | "invalid_code"
  | "code_reused"
  | "locked_out"
  | "sign_in_expired"
  | "invalid_temporary_access_pass"
  | "temporary_access_pass_not_yet_valid"
  | "temporary_access_pass_expired_or_used"
  | "fraud_reported"
  | "password_change_required"
  | "invalid_new_password"
  | "directory_account_disabled"
  | "directory_unavailable"
  | "phone_code_cooldown"
  | "phone_limit_reached"
  | "phone_number_not_allowed"
  | "phone_method_unavailable"
  | "invalid_phone_number"
  | "phone_country_code_required"
  | "phone_call_waiting"
  | "phone_call_denied"
  | "phone_send_failed"
  | "voice_call_failed"
  | "passkey_failed"
  | "passkey_cloned"
  | "passkey_registration_failed"
  | "phishing_resistant_required";

/** The sign-in log's `client` for each channel. */
const clientOf: Record<Channel, string> = { pages: "web", api: "api" };

/** What a sign-in log entry says of a sign-in through the pages or the JSON API. */
export type SignInEntry = {
  tenantId: string;
  userId: string | null;
  upn: string;
  channel: Channel;
  client: ClientInfo;
  result: "success" | "failure" | "interrupted";
  reason: SignInReason;
  /** How the user proved who they are first; "session" for a signed-in user proving a factor again. */
  firstFactor?: FirstFactorKind | "session" | null;
  methodId?: string | null;
  methodKind?: string | null;
  mfa?: MfaSatisfiedBy | null;
};

/** One sign-in log entry for a sign-in through the pages or the JSON API. */
export async function recordSignIn(db: Db, now: number, entry: SignInEntry): Promise<void> {
  await insertSignIn(db, signInRow(now, entry));
}

/** The sign-in log row of `entry`. */
export function signInRow(now: number, entry: SignInEntry): SignInLogTable {
  return {
    id: logEntryId(),
    tenant_id: entry.tenantId,
    time: now,
    user_id: entry.userId,
    upn: entry.upn.slice(0, 256),
    client: clientOf[entry.channel],
    ip: entry.client.ip,
    user_agent: entry.client.userAgent?.slice(0, 512) ?? null,
    result: entry.result,
    reason: entry.reason,
    method_id: entry.methodId ?? null,
    method_kind: entry.methodKind ?? null,
    correlation_id: null,
    mfa: entry.mfa ?? null,
    first_factor: entry.firstFactor ?? null,
  };
}
