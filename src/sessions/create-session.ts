import { randomUUID } from "node:crypto";
import type { Context } from "../context.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import type { FirstFactorKind } from "../sign-in/machine/facts.ts";
import { issueToken } from "../sign-in/tokens.ts";
import type { ClientInfo, IssuedToken, MfaSatisfiedBy } from "../sign-in/types.ts";
import type { Db } from "../store/open-store.ts";
import { insertSession } from "../store/queries/sessions.ts";

/**
 * A server-side session; the returned token goes in the session cookie. It keeps how strong it
 * is: the first factor, how MFA was satisfied, and when a second factor was proven (null when
 * MFA was skipped), which session-strength.ts reads before a sensitive change.
 */
export async function createSession(
  ctx: Context,
  db: Db,
  input: {
    tenantId: string;
    userId: string;
    policy: TenantPolicy;
    firstFactor: FirstFactorKind;
    mfa: MfaSatisfiedBy;
    secondFactorAt: number | null;
    /** The kind of that second factor: softwareOath, sms, passkey, securityKey… */
    secondFactorKind: string | null;
    client: ClientInfo;
  },
): Promise<IssuedToken> {
  const now = ctx.now();
  const { token, hash } = issueToken(ctx.keyring, "session");
  const expiresAt = now + input.policy.sessionMaxHours * 3_600_000;
  await insertSession(db, {
    id: randomUUID(),
    token_hash: hash,
    tenant_id: input.tenantId,
    user_id: input.userId,
    mfa: input.mfa,
    first_factor: input.firstFactor,
    second_factor_at: input.secondFactorAt,
    second_factor_kind: input.secondFactorKind,
    ip: input.client.ip,
    user_agent: input.client.userAgent?.slice(0, 512) ?? null,
    created_at: now,
    last_seen_at: now,
    authenticated_at: now,
    expires_at: expiresAt,
    revoked_at: null,
  });
  return { token, expiresAt };
}
