import type { AppPasswordRow } from "./app-password-page-models.ts";
import type { DefaultMethodSection } from "./default-method-section.ts";
import type { EmailMethodSection } from "./email-method-models.ts";
import type { PhonesSection } from "./phones-section.ts";
/** What the admin pages show. Timestamps are epoch milliseconds. */

export type AdminUserRow = {
  id: string;
  upn: string;
  displayName: string;
  /** Blocked by an administrator or after a fraud report. */
  blocked: boolean;
  /** Set while too many wrong second factors keep the user out: a state of its own, not "blocked". */
  lockedUntil: number | null;
  riskLevel: string | null;
  roles: string[];
};

export type AdminUsersModel = {
  query: string;
  users: AdminUserRow[];
  /** The link to the next page, or null. */
  nextHref: string | null;
  /** Whether the "New user" form is shown. */
  canCreate: boolean;
  notice?: string;
  error?: string;
};

/** The page that asks before a user is deleted. */
export type AdminUserDeleteModel = {
  userId: string;
  upn: string;
  displayName: string;
};

/** The page that asks before a method is deleted or a user is signed out everywhere. */
export type AdminConfirmModel = {
  kind:
    | "removeMethod"
    | "removePhone"
    | "removePasskey"
    | "revokeSessions"
    | "removeSecurityQuestions"
    | "removeEmailMethod";
  userId: string;
  upn: string;
  /**
   * The method's label (a phone's masked number, a passkey's name, a masked e-mail address), when
   * a method is deleted.
   */
  methodLabel?: string;
  /** Where the confirming form posts. */
  action: string;
};

export type AdminUserModel = PhonesSection &
  EmailMethodSection &
  DefaultMethodSection & {
    user: AdminUserRow & {
      blockedReason: string | null;
      blockedUntil: number | null;
      createdAt: number;
      lastSignInAt: number | null;
      reregistrationRequired: boolean;
      /** When an administrator's reset asked for a new password at the next sign-in; else null. */
      passwordChangeForcedAt: number | null;
      mail: string | null;
      mobilePhone: string | null;
      department: string | null;
    };
    risk: { level: string; state: string; detail: string; updatedAt: number } | null;
    methods: {
      id: string;
      label: string;
      kind: "softwareOath" | "hardwareOath";
      state: string;
      isDefault: boolean;
      failedAttempts: number;
      lastUsedAt: number | null;
    }[];
    /** The user's passkeys and security keys, oldest first. */
    passkeys: {
      id: string;
      name: string;
      kind: "passkey" | "securityKey";
      /** The authenticator's model, when its AAGUID is a known one. */
      model: string | null;
      createdAt: number;
      lastUsedAt: number | null;
      /** When its signature counter went backwards: it may have been cloned. */
      clonedAt: number | null;
    }[];
    tap: { state: string; startAt: number; expiresAt: number; usableOnce: boolean } | null;
    sessionCount: number;
    /** Browsers that skip the code ("don't ask again on this device"). */
    rememberedDeviceCount: number;
    signIns: {
      time: number;
      result: string;
      reason: string;
      ip: string | null;
      method: string | null;
    }[];
    tapDefaultMinutes: number;
    tapMinMinutes: number;
    tapMaxMinutes: number;
    /** What the signed-in administrator may do to this user. */
    can: {
      manageMethods: boolean;
      issueTemporaryAccessPass: boolean;
      requireReregistration: boolean;
      manageSessions: boolean;
      blockUsers: boolean;
      readLogs: boolean;
      manageRisk: boolean;
      resetPassword: boolean;
      /** Edit and delete the user. */
      manageUsers: boolean;
    };
    notice?: string;
    /** After a password reset: the sessions ended and the remembered devices forgotten. */
    ended?: { sessions: number; devices: number };
    error?: string;
    /**
     * When the user registered security questions (for password reset); null: none.
     * Never which questions nor an answer.
     */
    securityQuestionsRegisteredAt?: number | null;
    /** The user's app passwords, oldest first (never the passwords); absent: none to show. */
    appPasswords?: AppPasswordRow[];
  };

export type AdminTapIssuedModel = {
  userId: string;
  upn: string;
  pass: string;
  startAt: number;
  expiresAt: number;
  usableOnce: boolean;
  /** Whether the pass starts later than now. */
  notYetValid: boolean;
};

export type AdminAuditModel = {
  action: string;
  /** The activities the filter offers, in the order of the list. */
  activities: readonly string[];
  entries: {
    time: number;
    actor: string;
    action: string;
    target: string | null;
    ticket: string | null;
  }[];
  nextHref: string | null;
};

/** The policy form: every setting as the form shows it (numbers as text, lists one per line). */
export type AdminPolicyModel = {
  values: Record<string, string>;
  groups: { id: string; name: string }[];
  /** Read-only for roles that may read the policy but not change it. */
  readOnly: boolean;
  notice?: "policy_saved";
  error?: string;
  /** The detail of a refused value: which field and why. */
  errorDetail?: string;
};

export type AdminSignInsModel = {
  upn: string;
  result: string;
  entries: {
    time: number;
    upn: string;
    result: string;
    reason: string;
    ip: string | null;
    method: string | null;
    mfa: string | null;
  }[];
  nextHref: string | null;
};

export type AdminLockoutsModel = {
  users: { id: string; upn: string; failures: number; lockedUntil: number }[];
};

export type AdminRiskyUsersModel = {
  users: {
    id: string;
    upn: string;
    level: string;
    state: string;
    detail: string;
    updatedAt: number;
  }[];
};

export type AdminTokensModel = {
  tokens: {
    serialNumber: string;
    manufacturer: string;
    model: string;
    oathType: "totp" | "hotp";
    status: "available" | "assigned" | "activated";
    upn: string | null;
  }[];
  nextHref: string | null;
  canImport: boolean;
  canAssign: boolean;
  notice?: "token_assigned" | "token_activated";
  error?: string;
};

export type AdminTokenImportModel = {
  id: string;
  imported: number;
  assigned: number;
  failed: number;
  /** The first refused rows; the whole list is in the error CSV. */
  refused: { line: number; serial: string; error: string }[];
};

/** Bulk create or bulk delete of users: the template and the upload form. */
export type AdminUsersBulkModel = { kind: "create" | "delete" };

export type AdminUsersBulkOutcomeModel = {
  id: string;
  kind: "create" | "delete";
  /** Users created, or deleted. */
  done: number;
  failed: number;
  /** The first refused rows; the whole list is in the error CSV. */
  refused: { line: number; upn: string; error: string }[];
};

/** The phone settings form: values as the form shows them, never a credential. */
export type AdminPhoneModel = {
  values: Record<string, string>;
  /** Which credentials are stored: their empty fields say "leave empty to keep". */
  configured: { primary: boolean; secondary: boolean; voice: boolean };
  /** Read-only for roles that may read the policy but not change it. */
  readOnly: boolean;
  notice?: "phone_settings_saved";
  error?: string;
  errorDetail?: string;
};
