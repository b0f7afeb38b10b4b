import type { Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";
import type { Channel } from "../machine/facts.ts";
import { recordSignIn } from "../record-sign-in.ts";
import type { ClientInfo } from "../types.ts";

/**
 * The sign-in log line of a password that could not be checked because the tenant's directory
 * did not answer: the sign-in is refused, and the refusal is on the record (invariant 5).
 */
export async function recordDirectoryUnavailable(
  ctx: Context,
  input: { tenant: Tenant; upn: string; client: ClientInfo; channel: Channel },
): Promise<void> {
  await recordSignIn(ctx.store.db, ctx.now(), {
    tenantId: input.tenant.id,
    userId: null,
    upn: input.upn,
    channel: input.channel,
    client: input.client,
    result: "failure",
    reason: "directory_unavailable",
    firstFactor: "password",
  });
}
