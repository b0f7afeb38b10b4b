import { type Static, Type } from "typebox";
import { isBlocked } from "../../directory/is-blocked.ts";
import type { User } from "../../directory/types.ts";
import { passState } from "../../methods/temporary-access-pass/pass-state.ts";
import type { AuthMethod } from "../../methods/types.ts";
import { type Role, roles } from "../../roles/roles.ts";
import type { TemporaryAccessPass } from "../../store/queries/temporary-access-passes.ts";
import type { AuditLogTable, SignInLogTable } from "../../store/schema.ts";
import { DateTime, isoTime, isoTimeOrNull, Nullable } from "../contracts/nullable.ts";

// The admin API's resources in Microsoft Graph's shapes and names, so an Entra administrator's
// scripts need little change: each shape once, next to the function that fills it. Times are
// ISO 8601.

export const GraphUser = Type.Object(
  {
    id: Type.String(),
    userPrincipalName: Type.String(),
    displayName: Type.String(),
    mail: Nullable(Type.String({ description: "The user's e-mail address" })),
    mobilePhone: Nullable(Type.String({ description: "The user's mobile phone, E.164" })),
    department: Nullable(Type.String()),
    accountEnabled: Type.Boolean({
      description:
        "false: sign-in is blocked now (a block that ended by itself, a fraud report's after its 90 days, reads true)",
    }),
    blockedReason: Nullable(Type.String()),
    createdDateTime: DateTime,
    signInActivity: Type.Object({ lastSignInDateTime: Nullable(DateTime) }),
    reregistrationRequired: Type.Boolean({
      description: "The user must register MFA methods again at the next sign-in",
    }),
    passwordProfile: Type.Object({
      forceChangePasswordNextSignIn: Type.Boolean({
        description: "The user must choose a new password at the next sign-in (never the password)",
      }),
    }),
    roles: Type.Array(Type.Enum(roles), { description: "The administrator roles the user holds" }),
  },
  { description: "A user" },
);

/** A user as the admin API shows them at `now` (a block may have ended by itself since). */
export function graphUser(user: User, userRoles: readonly Role[], now: number) {
  return {
    id: user.id,
    userPrincipalName: user.upn,
    displayName: user.displayName,
    mail: user.mail,
    mobilePhone: user.mobilePhone,
    department: user.department,
    accountEnabled: !isBlocked(user, now),
    blockedReason: user.blockedReason,
    createdDateTime: isoTime(user.createdAt),
    signInActivity: { lastSignInDateTime: isoTimeOrNull(user.lastSignInAt) },
    reregistrationRequired: user.reregisterRequiredAt !== null,
    passwordProfile: { forceChangePasswordNextSignIn: user.passwordChangeForcedAt !== null },
    roles: [...userRoles],
  } satisfies Static<typeof GraphUser>;
}

export const GraphSoftwareOathMethod = Type.Object(
  {
    "@odata.type": Type.Literal("#microsoft.graph.softwareOathAuthenticationMethod"),
    id: Type.String(),
    displayName: Type.String(),
    state: Type.Enum(["pending", "active", "disabled"]),
    isDefault: Type.Boolean(),
    failedAttempts: Type.Integer(),
    createdDateTime: DateTime,
    lastUsedDateTime: Nullable(DateTime),
    algorithm: Nullable(Type.String()),
    digits: Nullable(Type.Integer()),
    period: Nullable(Type.Integer()),
  },
  { description: "An authenticator app (OATH TOTP); never its secret" },
);

export function graphSoftwareOathMethod(method: AuthMethod) {
  return {
    "@odata.type": "#microsoft.graph.softwareOathAuthenticationMethod",
    id: method.id,
    displayName: method.label,
    state: method.state,
    isDefault: method.isDefault,
    failedAttempts: method.failedAttempts,
    createdDateTime: isoTime(method.createdAt),
    lastUsedDateTime: isoTimeOrNull(method.lastUsedAt),
    algorithm: method.oath?.algorithm ?? null,
    digits: method.oath?.digits ?? null,
    period: method.oath?.period ?? null,
  } satisfies Static<typeof GraphSoftwareOathMethod>;
}

export const GraphTemporaryAccessPass = Type.Object(
  {
    "@odata.type": Type.Literal("#microsoft.graph.temporaryAccessPassAuthenticationMethod"),
    id: Type.String(),
    temporaryAccessPass: Type.Optional(
      Type.String({ description: "The pass itself: only in the answer that issued it" }),
    ),
    createdDateTime: DateTime,
    startDateTime: DateTime,
    lifetimeInMinutes: Type.Integer(),
    isUsableOnce: Type.Boolean(),
    isUsable: Type.Boolean(),
    methodUsabilityReason: Type.Enum(["notYetValid", "active", "expired", "used"]),
    lastUsedDateTime: Nullable(DateTime),
  },
  { description: "A Temporary Access Pass" },
);

export function graphTemporaryAccessPass(pass: TemporaryAccessPass, now: number, shown?: string) {
  const state = passState(pass, now);
  return {
    "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
    id: pass.id,
    ...(shown === undefined ? {} : { temporaryAccessPass: shown }),
    createdDateTime: isoTime(pass.createdAt),
    startDateTime: isoTime(pass.startAt),
    lifetimeInMinutes: Math.round((pass.expiresAt - pass.startAt) / 60_000),
    isUsableOnce: pass.usableOnce,
    isUsable: state === "active",
    methodUsabilityReason: state,
    lastUsedDateTime: isoTimeOrNull(pass.lastUsedAt),
  } satisfies Static<typeof GraphTemporaryAccessPass>;
}

export const GraphSignIn = Type.Object(
  {
    id: Type.String(),
    createdDateTime: DateTime,
    userId: Nullable(Type.String()),
    userPrincipalName: Type.String(),
    clientAppUsed: Type.String(),
    ipAddress: Nullable(Type.String()),
    userAgent: Nullable(Type.String()),
    result: Type.String({ description: "success, failure, … (docs/events.md)" }),
    reason: Type.String({ description: "Why (docs/events.md)" }),
    authenticationMethod: Nullable(Type.String()),
    authenticationMethodId: Nullable(Type.String()),
    mfaSatisfiedBy: Nullable(Type.String()),
    correlationId: Nullable(Type.String()),
  },
  { description: "A sign-in log entry" },
);

export function graphSignIn(entry: SignInLogTable) {
  return {
    id: entry.id,
    createdDateTime: isoTime(entry.time),
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
  } satisfies Static<typeof GraphSignIn>;
}

export const GraphDirectoryAudit = Type.Object(
  {
    id: Type.String(),
    activityDateTime: DateTime,
    activityDisplayName: Type.String({ description: "What happened (docs/events.md)" }),
    initiatedBy: Type.Object({
      type: Type.String({ description: "cli, user, apiClient, …" }),
      id: Nullable(Type.String()),
      displayName: Type.String(),
      ipAddress: Nullable(Type.String()),
    }),
    targetResources: Type.Array(Type.Object({ type: Type.String(), id: Nullable(Type.String()) })),
    additionalDetails: Type.Unknown({ description: "The entry's details, as recorded" }),
    correlationId: Nullable(Type.String()),
  },
  { description: "An audit log entry" },
);

export function graphDirectoryAudit(entry: AuditLogTable) {
  return {
    id: entry.id,
    activityDateTime: isoTime(entry.time),
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
  } satisfies Static<typeof GraphDirectoryAudit>;
}
