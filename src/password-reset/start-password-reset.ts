import { randomUUID } from "node:crypto";
import type { Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import type { Tenant } from "../directory/types.ts";
import { upnKey } from "../directory/upn.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { takeAttempt } from "../lockout/failure-throttle.ts";
import { secondFactorLockedUntil } from "../lockout/second-factor-lockout.ts";
import { issueToken } from "../sign-in/tokens.ts";
import type { ClientInfo } from "../sign-in/types.ts";
import { insertPasswordReset } from "../store/queries/password-resets.ts";
import { findUserByUpn } from "../store/queries/users.ts";
import { passwordResetAllowed } from "./password-reset-allowed.ts";
import { resetLifetimeMs } from "./reset-state.ts";

/** Resets a UPN may start in 15 minutes, whoever it names (so the limit reveals nothing). */
const startsPerUpn = 5;

/**
 * "Forgot your password?": the user name starts a reset, whatever it names. A user the tenant
 * lets reset, not blocked and not locked out, gets a reset of their own; anyone else (unknown,
 * blocked, locked out, outside the policy) gets one with no user, which walks the same pages and
 * is refused at every answer (no oracle: the pages never say which). Starts are throttled per
 * UPN and per client address before anything is read. Returns the browser's token; only its
 * keyed hash is kept.
 */
export async function startPasswordReset(
  ctx: Context,
  tenant: Tenant,
  input: { readonly upn: string; readonly language: "it" | "en" },
  client: ClientInfo,
): Promise<{ token: string }> {
  const key = upnKey(input.upn);
  const now = ctx.now();
  const { retryAt } = await takeAttempt(ctx.store.db, now, [
    { key: `password-reset:upn:${tenant.id}:${key}`, limit: startsPerUpn },
    ...(client.ip
      ? [
          {
            key: `password-reset:ip:${tenant.id}:${client.ip}`,
            limit: tenant.policy.passwordAttemptsPerAddress,
          },
        ]
      : []),
  ]);
  if (retryAt !== undefined) throw new VarcoError("throttled");
  const user = await findUserByUpn(ctx.store.db, tenant.id, key);
  const eligible =
    user !== undefined &&
    !isBlocked(user, now) &&
    (await passwordResetAllowed(ctx, tenant.policy, user.id)) &&
    (await secondFactorLockedUntil(ctx.store.db, now, tenant.policy, user.id)) === undefined;
  const { token, hash } = issueToken(ctx.keyring, "password-reset");
  await insertPasswordReset(ctx.store.db, {
    id: randomUUID(),
    token_hash: hash,
    tenant_id: tenant.id,
    user_id: eligible ? user.id : null,
    upn: input.upn.trim().slice(0, 256),
    language: input.language,
    created_at: now,
    expires_at: now + resetLifetimeMs,
    failures: 0,
    proven_json: "[]",
    code_json: null,
    questions_json: null,
    completed_at: null,
  });
  return { token };
}
