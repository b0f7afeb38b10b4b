import type { Context } from "../context.ts";
import { defaultTenantName } from "../directory/default-tenant.ts";
import { logEntryId } from "../store/log-entry-id.ts";
import { insertSignIn } from "../store/queries/sign-in-log.ts";
import { findTenantByName } from "../store/queries/tenants.ts";
import type { ClientRefusal } from "./authenticate-api-client.ts";

/** Reasons a client authentication at the token endpoint ended as it did (docs/events.md). */
export type ClientSignInReason = "success" | ClientRefusal | "throttled";

/**
 * One sign-in log entry for a client authentication at the token endpoint, in the client's
 * tenant: `upn` is the client id as presented, `client` `api`, `first_factor` `clientSecret`,
 * no user, never the secret. An id that names no client belongs to no tenant: its failures go to
 * the default tenant's log, whose administrators run the server.
 */
export async function recordClientSignIn(
  ctx: Context,
  entry: {
    clientId: string;
    tenantId: string | null;
    ip: string | null;
    userAgent: string | undefined;
    correlationId: string;
    reason: ClientSignInReason;
  },
): Promise<void> {
  const db = ctx.store.db;
  const tenantId = entry.tenantId ?? (await findTenantByName(db, defaultTenantName))?.id;
  if (tenantId === undefined) return;
  await insertSignIn(db, {
    id: logEntryId(),
    tenant_id: tenantId,
    time: ctx.now(),
    user_id: null,
    upn: entry.clientId.slice(0, 256),
    client: "api",
    ip: entry.ip,
    user_agent: entry.userAgent?.slice(0, 512) ?? null,
    result: entry.reason === "success" ? "success" : "failure",
    reason: entry.reason,
    method_id: null,
    method_kind: null,
    correlation_id: entry.correlationId.slice(0, 200),
    mfa: null,
    first_factor: "clientSecret",
  });
}
