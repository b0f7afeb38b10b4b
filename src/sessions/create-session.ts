import { randomUUID } from "node:crypto";
import type { Context } from "../context.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import { issueToken } from "../sign-in/tokens.ts";
import type { ClientInfo, IssuedToken, MfaSatisfiedBy } from "../sign-in/types.ts";
import type { Db } from "../store/open-store.ts";
import { insertSession } from "../store/queries/sessions.ts";

/** A server-side session; the returned token goes in the session cookie. */
export async function createSession(
  ctx: Context,
  db: Db,
  input: {
    tenantId: string;
    userId: string;
    policy: TenantPolicy;
    mfa: MfaSatisfiedBy;
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
