import type { User } from "../../directory/types.ts";
import { passState } from "../../methods/temporary-access-pass/pass-state.ts";
import type { AuthMethod } from "../../methods/types.ts";
import type { TemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";
import type { AuditLogTable, SignInLogTable } from "../../store/schema.ts";

// The admin API's resources in Microsoft Graph's shapes and names, so an Entra administrator's
// scripts need little change. Times are ISO 8601.

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function graphUser(user: User, roles: readonly string[]) {
  return {
    id: user.id,
    userPrincipalName: user.upn,
    displayName: user.displayName,
    accountEnabled: !user.blocked,
    blockedReason: user.blockedReason,
    createdDateTime: iso(user.createdAt),
    signInActivity: { lastSignInDateTime: iso(user.lastSignInAt) },
    reregistrationRequired: user.reregisterRequiredAt !== null,
    roles,
  };
}

export function graphSoftwareOathMethod(method: AuthMethod) {
  return {
    "@odata.type": "#microsoft.graph.softwareOathAuthenticationMethod",
    id: method.id,
    displayName: method.label,
    state: method.state,
    isDefault: method.isDefault,
    failedAttempts: method.failedAttempts,
    createdDateTime: iso(method.createdAt),
    lastUsedDateTime: iso(method.lastUsedAt),
    algorithm: method.oath?.algorithm ?? null,
    digits: method.oath?.digits ?? null,
    period: method.oath?.period ?? null,
  };
}

export function graphTemporaryAccessPass(pass: TemporaryAccessPass, now: number, shown?: string) {
  const state = passState(pass, now);
  return {
    "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
    id: pass.id,
    ...(shown === undefined ? {} : { temporaryAccessPass: shown }),
    createdDateTime: iso(pass.createdAt),
    startDateTime: iso(pass.startAt),
    lifetimeInMinutes: Math.round((pass.expiresAt - pass.startAt) / 60_000),
    isUsableOnce: pass.usableOnce,
    isUsable: state === "active",
    methodUsabilityReason: state,
    lastUsedDateTime: iso(pass.lastUsedAt),
  };
}

export function graphSignIn(entry: SignInLogTable) {
  return {
    id: entry.id,
    createdDateTime: iso(Number(entry.time)),
    userId: entry.user_id,
    userPrincipalName: entry.upn,
    clientAppUsed: entry.client,
    ipAddress: entry.ip,
    userAgent: entry.user_agent,
    result: entry.result,
    reason: entry.reason,
    authenticationMethod: entry.method_kind,
    authenticationMethodId: entry.method_id,
    mfaSatisfiedBy: entry.mfa,
    correlationId: entry.correlation_id,
  };
}

export function graphDirectoryAudit(entry: AuditLogTable) {
  return {
    id: entry.id,
    activityDateTime: iso(Number(entry.time)),
    activityDisplayName: entry.action,
    initiatedBy: {
      type: entry.actor_type,
      id: entry.actor_id,
      displayName: entry.actor_name,
      ipAddress: entry.ip,
    },
    targetResources: [{ type: entry.target_type, id: entry.target_id }],
    additionalDetails: JSON.parse(entry.details_json) as unknown,
    correlationId: entry.correlation_id,
  };
}
