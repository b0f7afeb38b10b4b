import { VarcoError } from "../errors/varco-error.ts";
import { type Role, roleDisplayNames, roles } from "./roles.ts";

/** Everything an administrator may do, each checked here and nowhere else. */
export type AdminAction =
  /** Users, groups, and users' methods without secrets. */
  | "readDirectory"
  | "readPolicy"
  /** The tenant's MFA settings: lockout, trusted ranges, remember-device, TAP limits, methods. */
  | "writePolicy"
  /** Block and unblock sign-in (seed 001 "Blocca/sblocca utenti"). */
  | "blockUsers"
  /** List, add and remove a user's methods; assign and activate hardware tokens. */
  | "manageMethods"
  | "requireReregistration"
  | "issueTemporaryAccessPass"
  | "resetPassword"
  /** Sign a user out everywhere and forget remembered devices; unlock after lockout. */
  | "manageSessions"
  /** Sign-in and audit logs. */
  | "readLogs"
  | "readRisk"
  /** Confirm a user compromised, or dismiss the risk. */
  | "manageRisk"
  /** Upload hardware OATH tokens to the tenant's inventory. */
  | "manageHardwareTokens"
  /** Assign roles, create API clients. */
  | "manageRoles"
  /** Create users; change their display name, e-mail, phone, department; delete them. */
  | "manageUsers"
  /** Add and remove the tenant's domains, which decide where users sign in. */
  | "manageDomains"
  /** The roll-out dashboard and its exports (Entra's "Authentication methods activity"). */
  | "readReports"
  /** Start and end enrolment campaigns, which let users postpone registration until a deadline. */
  | "manageCampaigns";

/** "any": every target; "nonAdmin": only users who hold no administrator role. */
type Scope = "any" | "nonAdmin";

const everything = (scope: Scope) =>
  Object.fromEntries(allActions.map((action) => [action, scope])) as Record<AdminAction, Scope>;

const allActions: readonly AdminAction[] = [
  "readDirectory",
  "readPolicy",
  "writePolicy",
  "blockUsers",
  "manageMethods",
  "requireReregistration",
  "issueTemporaryAccessPass",
  "resetPassword",
  "manageSessions",
  "readLogs",
  "readRisk",
  "manageRisk",
  "manageHardwareTokens",
  "manageRoles",
  "manageUsers",
  "manageDomains",
  "readReports",
  "manageCampaigns",
];

const authenticationAdministration = (scope: Scope) =>
  ({
    readDirectory: "any",
    readPolicy: "any",
    readLogs: "any",
    manageMethods: scope,
    requireReregistration: scope,
    issueTemporaryAccessPass: scope,
    resetPassword: scope,
    manageSessions: scope,
  }) as const;

/**
 * The administrator roles, and Entra's User Administrator. What each grants follows Entra's built-in roles: the authentication
 * administrators act on users' methods (the privileged one on administrators too), the policy
 * administrator on the tenant's settings, the helpdesk on TAPs, re-registration, passwords and
 * sessions of non-administrators, the security reader reads.
 */
export const grants: Record<Role, Partial<Record<AdminAction, Scope>>> = {
  globalAdministrator: everything("any"),
  authenticationPolicyAdministrator: {
    readDirectory: "any",
    readPolicy: "any",
    writePolicy: "any",
    blockUsers: "any",
    manageHardwareTokens: "any",
    readReports: "any",
    manageCampaigns: "any",
  },
  authenticationAdministrator: authenticationAdministration("nonAdmin"),
  privilegedAuthenticationAdministrator: {
    ...authenticationAdministration("any"),
    manageHardwareTokens: "any",
  },
  helpdeskAdministrator: {
    readDirectory: "any",
    readLogs: "any",
    requireReregistration: "nonAdmin",
    issueTemporaryAccessPass: "nonAdmin",
    resetPassword: "nonAdmin",
    manageSessions: "nonAdmin",
  },
  securityReader: {
    readDirectory: "any",
    readPolicy: "any",
    readLogs: "any",
    readRisk: "any",
    readReports: "any",
  },
  // Entra's User Administrator: creates, edits, blocks and deletes users, resets their passwords
  // and ends their sessions; administrators (a Global Administrator above all) are out of reach.
  userAdministrator: {
    readDirectory: "any",
    readLogs: "any",
    manageUsers: "nonAdmin",
    blockUsers: "nonAdmin",
    resetPassword: "nonAdmin",
    manageSessions: "nonAdmin",
  },
};

/** Who acts: the roles they hold in their tenant. */
export type Principal = { readonly tenantId: string; readonly roles: readonly Role[] };

/** Whether `principal` may do `action` (to a user who is, or is not, an administrator). */
export function isAllowed(
  principal: Principal,
  action: AdminAction,
  target?: { readonly isAdmin: boolean },
): boolean {
  return principal.roles.some((role) => {
    const scope = grants[role][action];
    return scope === "any" || (scope === "nonAdmin" && !target?.isAdmin);
  });
}

/** The authorization point: throws `forbidden`, naming the roles that would allow it. */
export function authorize(
  principal: Principal,
  action: AdminAction,
  target?: { readonly isAdmin: boolean },
): void {
  if (isAllowed(principal, action, target)) return;
  const allowing = roles
    .filter((role) => grants[role][action] === "any" || (!target?.isAdmin && grants[role][action]))
    .map((role) => roleDisplayNames[role]);
  throw new VarcoError(
    "forbidden",
    `${action}${target?.isAdmin ? " on an administrator" : ""} needs one of: ${allowing.join(", ")}`,
  );
}
