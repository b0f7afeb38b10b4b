import type { Context } from "../../context.ts";
import { dummyPasswordHash, verifyPassword } from "../../crypto/password.ts";
import { upnKey } from "../../directory/upn.ts";
import { findUserCredentials } from "../../store/queries/users.ts";
import { type Channel, newFacts } from "../machine/facts.ts";
import { passwordAccepted, takePasswordAttempt } from "../password-throttle.ts";
import type { ClientInfo } from "../types.ts";
import type { Applied, StartEvent } from "./event.ts";

/**
 * User name and password. The throttle takes the attempt before the password is checked; an
 * unknown user, a user without a password and a wrong password each cost a full argon2id check,
 * so no answer and no timing tells them apart.
 */
export async function applyPassword(
  ctx: Context,
  event: Extract<StartEvent, { type: "password" }>,
  client: ClientInfo,
  channel: Channel,
): Promise<Applied> {
  const { tenant } = event;
  const now = ctx.now();
  const facts = newFacts({
    tenantId: tenant.id,
    upn: event.upn,
    channel,
    firstFactor: "password",
    now,
  });
  const key = upnKey(event.upn);
  const { retryAt } = await takePasswordAttempt(ctx, tenant, key, client.ip);
  if (retryAt !== undefined) return { facts, refusal: { reason: "throttled", retryAt } };
  const found =
    key.length <= 256 ? await findUserCredentials(ctx.store.db, tenant.id, key) : undefined;
  const hash = found?.passwordHash ?? (await dummyPasswordHash());
  const right = await verifyPassword(hash, event.password.slice(0, 1024));
  if (!found) return { facts, refusal: { reason: "user_not_found" } };
  const named = { ...facts, userId: found.user.id };
  if (!found.passwordHash || !right) {
    return { facts: named, user: found.user, refusal: { reason: "invalid_password" } };
  }
  await passwordAccepted(ctx, tenant, key, client.ip);
  return {
    facts: { ...named, firstFactor: { kind: "password", provenAt: ctx.now() } },
    user: found.user,
    deviceToken: event.rememberedDeviceToken,
  };
}
