import { randomUUID } from "node:crypto";
import type { Context } from "../context.ts";
import { issueToken } from "../sign-in/tokens.ts";
import type { ClientInfo, IssuedToken } from "../sign-in/types.ts";
import type { Db } from "../store/open-store.ts";
import { insertRememberedDevice } from "../store/queries/remembered-devices.ts";

/** Seed 001 "remember MFA on trusted devices": a token for a cookie that skips MFA for `days`. */
export async function rememberDevice(
  ctx: Context,
  db: Db,
  input: { tenantId: string; userId: string; days: number; client: ClientInfo },
): Promise<IssuedToken> {
  const now = ctx.now();
  const { token, hash } = issueToken(ctx.keyring, "remembered-device");
  const expiresAt = now + input.days * 86_400_000;
  await insertRememberedDevice(db, {
    id: randomUUID(),
    token_hash: hash,
    tenant_id: input.tenantId,
    user_id: input.userId,
    user_agent: input.client.userAgent?.slice(0, 512) ?? null,
    created_at: now,
    last_used_at: null,
    expires_at: expiresAt,
  });
  return { token, expiresAt };
}
