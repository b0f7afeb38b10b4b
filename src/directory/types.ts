import type { PreferredPhoneMethod } from "../methods/phone/preferred-phone-method.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";

export type Tenant = {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly policy: TenantPolicy;
  readonly createdAt: number;
  /** Passwords are checked in the tenant's LDAP or Active Directory, not against Varco's hashes. */
  readonly hasDirectory: boolean;
};

export type User = {
  readonly id: string;
  readonly tenantId: string;
  readonly upn: string;
  readonly displayName: string;
  readonly blocked: boolean;
  readonly blockedReason: string | null;
  readonly createdAt: number;
  readonly lastSignInAt: number | null;
  /** When an administrator required the user to register methods again; null when not. */
  readonly reregisterRequiredAt: number | null;
  /** When a block ends by itself (a fraud report's); null: until lifted, or not blocked. */
  readonly blockedUntil: number | null;
  /** High risk asked for a new password at the next sign-in, after MFA. */
  readonly passwordChangeRequiredAt: number | null;
  /**
   * An administrator asked for a new password at the next sign-in (Graph's
   * forceChangePasswordNextSignIn); null when not.
   */
  readonly passwordChangeForcedAt: number | null;
  /** Graph's mail, mobilePhone and department: what an administrator set; null when not. */
  readonly mail: string | null;
  readonly mobilePhone: string | null;
  readonly department: string | null;
  /** The phone signed in with by default (Graph's signInPreferences); null: the default app. */
  readonly preferredPhoneMethod: PreferredPhoneMethod | null;
};
