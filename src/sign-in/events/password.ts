import type { Context } from "../../context.ts";
import { checkTenantPassword } from "../../directory/password-source.ts";
import { upnKey } from "../../directory/upn.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { type Channel, newFacts } from "../machine/facts.ts";
import { passwordAccepted, takePasswordAttempt } from "../password-throttle.ts";
import type { ClientInfo } from "../types.ts";
import type { Applied, StartEvent } from "./event.ts";
import { recordDirectoryUnavailable } from "./record-directory-unavailable.ts";

/**
 * User name and password. The throttle takes the attempt before the password is checked; the
 * tenant's user store (Varco's own, or its directory: src/directory/password-source.ts) gives an
 * unknown user and a wrong password the same cost, so no answer and no timing tells them apart.
 * A directory that cannot answer refuses the sign-in (fail closed): the attempt is logged and
 * `directory_unavailable` is thrown for the page or the API to say so.
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
  const verdict = await checkTenantPassword(ctx, tenant, event.upn, event.password).catch(
    async (error: unknown) => {
      if (isVarcoError(error, "directory_unavailable")) {
        await recordDirectoryUnavailable(ctx, { tenant, upn: event.upn, client, channel });
      }
      throw error;
    },
  );
  if (verdict.kind === "user_not_found") return { facts, refusal: { reason: "user_not_found" } };
  if (verdict.kind !== "right") {
    const found = verdict.user;
    return {
      facts: found ? { ...facts, userId: found.id } : facts,
      user: found,
      refusal: { reason: verdict.kind },
    };
  }
  await passwordAccepted(ctx, tenant, key, client.ip);
  return {
    facts: {
      ...facts,
      userId: verdict.user.id,
      firstFactor: { kind: "password", provenAt: ctx.now() },
    },
    user: verdict.user,
    deviceToken: event.rememberedDeviceToken,
  };
}
