import { apiCallLogFields } from "../../api-keys/api-call-log-fields.ts";
import type { ApiClient } from "../../api-keys/authenticate-api-key.ts";
import type { Context } from "../../context.ts";
import { keyedHashCandidates } from "../../crypto/keyed-hash.ts";
import { isBlocked } from "../../directory/is-blocked.ts";
import { upnKey } from "../../directory/upn.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { parseTenantPolicy } from "../../policy/tenant-policy.ts";
import { markAppPasswordUsed, readAppPasswordCheck } from "../../store/queries/app-passwords.ts";
import { insertSignIn } from "../../store/queries/sign-in-log.ts";
import { updateLastSignIn } from "../../store/queries/users.ts";
import { appPasswordHashInput } from "./app-password-format.ts";
import {
  appPasswordAccepted,
  isThrottled,
  takeAppPasswordAttempt,
} from "./app-password-throttle.ts";

/** Why a validation of an app password ended as it did: for the sign-in log (docs/events.md). */
export type AppPasswordReason =
  | "success"
  | "throttled"
  | "user_not_found"
  | "app_passwords_not_allowed"
  | "user_blocked"
  | "invalid_app_password";

export type AppPasswordInput = {
  readonly upn: string;
  readonly password: string;
  /** The address of the program that signs in (the mail client), else the caller's. */
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly correlationId: string | null;
};

export type AppPasswordOutcome = {
  readonly result: "accept" | "reject";
  readonly reason: AppPasswordReason;
  readonly appPasswordId?: string;
};

/**
 * A mail server or another gateway asks whether `password` is an app password of the user
 * `upn` (POST /api/v1/validate/app-password). The attempt is counted first (invariant 2: a
 * throttled one is not checked at all), then one read gives the tenant's policy as it is now, the user and the matching app password (by
 * keyed hash, found by its value: no comparison of secrets in code), and confirms that the API
 * key is still live. Every refusal takes the same path, costs the same and gets the same answer
 * (invariant 4): an unknown user, a blocked or disabled one, a tenant that no longer allows app
 * passwords, a wrong or deleted app password, too many attempts. Only the sign-in log, written
 * for every call, says which. App passwords are never checked anywhere else: the sign-in pages
 * know nothing of them.
 */
export async function verifyAppPassword(
  ctx: Context,
  client: ApiClient,
  input: AppPasswordInput,
  reread: () => Promise<ApiClient | undefined>,
): Promise<AppPasswordOutcome> {
  const now = ctx.now();
  const db = ctx.store.db;
  const key = upnKey(input.upn);
  const counted = { tenantId: client.apiKey.tenantId, upnKey: key, ip: input.ip };
  const counts = await takeAppPasswordAttempt(db, now, counted);
  // A throttled attempt is not checked: the read looks for a hash no password has.
  const throttledBefore = isThrottled(counts, client.tenantPolicy.passwordAttemptsPerAddress);
  const hashes = throttledBefore
    ? ["throttled"]
    : keyedHashCandidates(ctx.keyring, appPasswordHashInput(input.password));
  const read = (from: ApiClient) =>
    readAppPasswordCheck(db, {
      apiKeyId: from.apiKey.id,
      tenantId: from.apiKey.tenantId,
      upnKey: key,
      hashes,
    });
  let check = await read(client);
  if (!check?.keyLive) {
    const again = await reread();
    if (!again || again.apiKey.tenantId !== client.apiKey.tenantId)
      throw new VarcoError("unauthorized", "a live API key is required");
    client = again;
    check = await read(client);
    if (!check?.keyLive) throw new VarcoError("unauthorized", "a live API key is required");
  }
  const policy = parseTenantPolicy(check.policyJson);
  // The limit per address as the policy is now (another instance may have just changed it).
  const throttled = throttledBefore || isThrottled(counts, policy.passwordAttemptsPerAddress);
  const user = check.user;
  const reason: AppPasswordReason = throttled
    ? "throttled"
    : !user
      ? "user_not_found"
      : !policy.appPasswordsAllowed
        ? "app_passwords_not_allowed"
        : isBlocked(user, now)
          ? "user_blocked"
          : check.appPasswordId === undefined
            ? "invalid_app_password"
            : "success";
  const accepted = reason === "success" && user && check.appPasswordId !== undefined;
  if (accepted) {
    await appPasswordAccepted(db, now, counted);
    await markAppPasswordUsed(db, check.appPasswordId as string, now);
    await updateLastSignIn(db, user.id, now);
  }
  await insertSignIn(db, {
    ...apiCallLogFields(client, input, now, user?.id ?? null),
    result: accepted ? "success" : "failure",
    reason,
    method_id: accepted ? (check.appPasswordId ?? null) : null,
    method_kind: "appPassword",
    mfa: null,
    first_factor: "appPassword",
  });
  return accepted
    ? { result: "accept", reason, appPasswordId: check.appPasswordId as string }
    : { result: "reject", reason };
}
