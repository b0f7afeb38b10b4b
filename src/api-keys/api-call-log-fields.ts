import { logEntryId } from "../store/log-entry-id.ts";
import type { SignInLogTable } from "../store/schema.ts";
import type { ApiClient } from "./authenticate-api-key.ts";

/** Who a call of the validate API came from, as every such call gives it. */
export type ApiCallOrigin = {
  readonly upn: string;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly correlationId: string | null;
};

/**
 * The sign-in log fields that every call of the validate API fills alike: the calling key's tenant
 * and name, the UPN as sent and the user it named (null for none), where the call came from. The
 * caller adds what the call decided. A UPN or user agent is cut to what the log keeps.
 */
export function apiCallLogFields(
  client: ApiClient,
  origin: ApiCallOrigin,
  now: number,
  userId: string | null,
): Pick<
  SignInLogTable,
  | "id"
  | "tenant_id"
  | "time"
  | "user_id"
  | "upn"
  | "client"
  | "ip"
  | "user_agent"
  | "correlation_id"
> {
  return {
    id: logEntryId(),
    tenant_id: client.apiKey.tenantId,
    time: now,
    user_id: userId,
    upn: origin.upn.slice(0, 256),
    client: client.apiKey.name,
    ip: origin.ip,
    user_agent: origin.userAgent?.slice(0, 512) ?? null,
    correlation_id: origin.correlationId,
  };
}
