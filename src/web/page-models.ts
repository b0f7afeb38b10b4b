import type { PageBrand } from "../branding/page-brand.ts";
import type { LabelProblem } from "../methods/label.ts";
import type { ResetRegistration } from "../password-reset/reset-registration.ts";
import type { PhoneCodeError } from "../sign-in/types.ts";
import type { AdminCampaignsModel } from "./admin-campaigns-model.ts";
import type { AdminDashboardModel } from "./admin-dashboard-model.ts";
import type { AdminMethodsModel } from "./admin-methods-model.ts";
import type {
  AdminAuditModel,
  AdminConfirmModel,
  AdminLockoutsModel,
  AdminPhoneModel,
  AdminPolicyModel,
  AdminRiskyUsersModel,
  AdminSignInsModel,
  AdminTapIssuedModel,
  AdminTokenImportModel,
  AdminTokensModel,
  AdminUserDeleteModel,
  AdminUserModel,
  AdminUsersBulkModel,
  AdminUsersBulkOutcomeModel,
  AdminUsersModel,
} from "./admin-page-models.ts";
import type { AdminPasswordResetModel } from "./admin-password-reset-model.ts";
import type { AdminPhoneMessagesModel } from "./admin-phone-messages-model.ts";
import type {
  AdminDomainsModel,
  AdminScimTokenCreatedModel,
  AdminScimTokensModel,
  AdminTenantConfirmModel,
} from "./admin-tenant-models.ts";
import type { AdminVoiceGreetingsModel } from "./admin-voice-greetings-model.ts";
import type {
  AppPasswordCreatedModel,
  AppPasswordNewModel,
  AppPasswordsSection,
} from "./app-password-page-models.ts";
import type { DefaultMethodSection } from "./default-method-section.ts";
import type { EmailMethodPageModel, EmailMethodSection } from "./email-method-models.ts";
import type {
  PasskeyNewModel,
  PasskeyRenameModel,
  PasskeysSection,
} from "./passkey-page-models.ts";
import type { PasswordResetModel } from "./password-reset-page-models.ts";
import type {
  RegisterPhoneCodeModel,
  RegisterPhoneDoneModel,
  RegisterPhoneModel,
  VerifyCallModel,
  VerifyPhone,
  VerifyPreferredPhone,
  VerifySmsModel,
} from "./phone-page-models.ts";
import type { PhonesSection } from "./phones-section.ts";
import type {
  AdminSecurityQuestionsModel,
  SecurityQuestionsModel,
  SecurityQuestionsSection,
} from "./security-questions-page-models.ts";

/** What the route layer hands to each page. Timestamps are epoch milliseconds. */

/** The page that asks a signed-in user before a method is deleted or every session ends. */
export type ConfirmModel = {
  kind:
    | "removeMethod"
    | "removePhone"
    | "removePasskey"
    | "signOutEverywhere"
    | "removeSecurityQuestions"
    | "removeAppPassword";
  /** The method's label (a phone's masked number), when a method is deleted. */
  methodLabel?: string;
  /** Where the confirming form posts. */
  action: string;
};

export type Language = "en" | "it";

/** What every page needs besides its own model. */
/** The admin pages' navigation entries, each shown only when the roles allow its page. */
export type AdminNav = {
  readonly signIns: boolean;
  readonly audit: boolean;
  readonly riskyUsers: boolean;
  readonly lockouts: boolean;
  readonly tokens: boolean;
  readonly policy: boolean;
  readonly dashboard: boolean;
  readonly campaigns: boolean;
  readonly branding?: boolean;
  readonly domains?: boolean;
  readonly scimTokens?: boolean;
  readonly voiceGreetings?: boolean;
  readonly phone?: boolean;
  readonly methods?: boolean;
  readonly phoneMessages?: boolean;
};

export type CommonModel = {
  lang: Language;
  csrfToken: string;
  tenantName: string;
  signedIn: boolean;
  /** Holds an administrator role: the header links to the admin pages. */
  isAdmin: boolean;
  /** On the admin pages: which admin pages the administrator's roles let them open (the nav shows only those). */
  adminNav?: AdminNav;
  /** Current path and query without `lang`, for the language switch links. */
  path: string;
  /** The tenant's time zone for dates and times; Europe/Rome when absent. */
  timeZone?: string;
  /** The tenant's branding (branding/page-brand.ts): its stylesheet and logo, when it has them. */
  brand?: PageBrand;
  /** The header's account picker: the account in use and the others this browser holds. */
  accounts?: AccountMenu;
};

/** An account this browser is signed in to, as the account picker names it. */
export type AccountEntry = { id: string; upn: string; displayName: string; tenantName: string };

export type AccountMenu = {
  current: AccountEntry;
  others: AccountEntry[];
  /** Whether one more account may sign in (at most 5 in a browser). */
  canAdd: boolean;
};

/** `/admin/branding`: the tenant's accent colour and logo, and why a change was refused. */
export type AdminBrandingModel = {
  accentColour: string;
  logoUrl?: string;
  readOnly: boolean;
  notice?: "branding_saved";
  error?:
    | "invalid_accent_colour"
    | "accent_colour_low_contrast"
    | "logo_not_png_or_jpeg"
    | "logo_too_large"
    | "logo_dimensions_too_large";
};

/** The account picker page: the accounts to switch to, with the one in use when there is one. */
export type AccountsModel = {
  current?: AccountEntry;
  others: AccountEntry[];
  canAdd: boolean;
  notice?: "signed_out";
  error?: "too_many_accounts" | "account_not_signed_in";
};

export type SignInModel = {
  upn?: string;
  /** The tenant signed in to, carried by the form (the default tenant when absent). */
  tenant?: string;
  error?:
    | "invalid_credentials"
    | "throttled"
    | "expired"
    | "attempts_used_up"
    | "signed_out"
    | "passkey_failed";
  /** With error "throttled": when the next attempt is allowed. */
  retryAt?: number;
  /** "Sign in with a passkey" and the user name field's passkey autofill (passkey.js). */
  passkey?: boolean;
  /**
   * Home realm discovery: "upn" asks for the user name only (its domain finds the tenant);
   * "password" follows it, the user name filled in, with a way back to type another.
   */
  discovery?: "upn" | "password";
};

export type TapSignInModel = {
  upn?: string;
  tenant?: string;
  error?: "invalid_credentials" | "throttled";
  /** With error "throttled": when the next attempt is allowed. */
  retryAt?: number;
  /** The pass is right but works only from this time. */
  startAt?: number;
};

export type VerifyMethod = {
  id: string;
  label: string;
  isDefault: boolean;
  failedAttempts: number;
  maxAttempts: number;
  /** Optional: the code length, which lets the script send the form once the code is complete. */
  digits?: number;
};

export type VerifyModel = {
  methods: VerifyMethod[];
  /** The user's mobiles a code can be sent to by SMS. */
  phones: VerifyPhone[];
  /**
   * The phone that is the user's default, usable now: shown first; pressing it sends (a page
   * shown never sends anything by itself).
   */
  preferredPhone?: VerifyPreferredPhone;
  selectedMethodId: string;
  error?: "invalid_code" | "passkey_failed" | PhoneCodeError;
  rememberDeviceDays: number | null;
  backupCodesLeft: number;
  /** "Use a passkey or security key"; `required`: the only way, the tenant requires it. */
  passkey?: { required: boolean };
  /** Offer "I didn't try to sign in" (seed 001 "Segnala attività sospette"). */
  canReport: boolean;
};

/** How to reach the helpdesk, from the tenant's policy; empty when the tenant set none. */
type Helpdesk = { helpdeskContact: string };

export type FraudReportedModel = {
  action: "block" | "requirePasswordChange" | "none";
  /** The tenant's notification addresses were sent an e-mail about the report. */
  administratorNotified: boolean;
} & Helpdesk;

export type ChangePasswordModel = {
  /** Why a new password is owed: it words the page's introduction. */
  reason: "risk" | "administrator";
  error?: "invalid_password" | "password_too_guessable";
};

export type OtherWaysModel = { backupCodesLeft: number } & Helpdesk;

export type BackupCodeModel = { error?: "invalid_code"; rememberDeviceDays: number | null };

export type LockedModel = {
  until: number;
  /** The sign-in page of the user's tenant, to come back to (none when signed in). */
  signInUrl?: string;
} & Helpdesk;

export type RegisterIntroModel = {
  step: number;
  total: number;
  /** A phone may be registered instead of an app. */
  phoneOffered?: boolean;
  /** A passkey or security key may be registered instead of an app. */
  passkeyOffered?: boolean;
  /** Only a passkey or security key will do: the tenant requires phishing-resistant MFA. */
  passkeyRequired?: boolean;
  /** The sign-in began with a Temporary Access Pass: the page says what it is for now. */
  afterPass?: boolean;
  /** An enrolment campaign lets the user say "Not now" this many more times before its deadline. */
  postpone?: { left: number; deadlineAt: number };
};

/** Why a blocked user may not sign in: their own fraud report, said after the password. */
export type BlockedModel = Helpdesk;

export type EnrolAppModel = {
  /** The form's action URL. */
  action: string;
  label?: string;
  error?: "invalid_label" | "method_limit_reached" | "label_in_use";
  /** With "invalid_label": what is wrong with it, said in words. */
  labelProblem?: LabelProblem;
  step?: number;
  total?: number;
};

export type EnrolQrModel = {
  action: string;
  methodId: string;
  /** Trusted SVG markup from qrSvg(): rendered unescaped. */
  qrSvg: string;
  otpauthUri: string;
  /** The key in groups of four. */
  secretGroups: string;
  pngUrl: string;
  error?: "invalid_code";
  step?: number;
  total?: number;
};

export type BackupCodesModel = { codes: string[]; continueUrl: string };

export type SecurityInfoMethod = {
  id: string;
  label: string;
  kind: "softwareOath" | "hardwareOath";
  state: "pending" | "active" | "disabled";
  isDefault: boolean;
  failedAttempts: number;
  maxAttempts: number;
  createdAt: number;
  lastUsedAt: number | null;
};

export type RememberedDevice = {
  id: string;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number;
  userAgent: string | null;
};

export type SessionEntry = {
  id: string;
  current: boolean;
  createdAt: number;
  lastSeenAt: number;
  ip: string | null;
  userAgent: string | null;
};

/** Security info's "Change password": the current password, the new one twice, the choice. */
export type ChangeOwnPasswordModel = {
  signOutElsewhere: boolean;
  error?:
    | "wrong_current_password"
    | "passwords_do_not_match"
    | "same_password"
    | "invalid_password"
    | "password_too_guessable"
    | "throttled"
    | "directory_refused_password"
    | "directory_unavailable";
  /** The user's password is kept by the tenant's directory, which has rules of its own. */
  directory?: boolean;
  /** The directory's own message, when it refused the new password. */
  directoryReason?: string;
};

export type SecurityInfoNotice =
  | "method_added"
  | "method_removed"
  | "default_changed"
  | "device_revoked"
  | "session_revoked"
  | "backup_codes_regenerated"
  | "phone_added"
  | "phone_changed"
  | "phone_removed"
  | "passkey_added"
  | "passkey_renamed"
  | "passkey_removed"
  | "password_changed"
  | "email_added"
  | "email_changed"
  | "email_removed"
  | "security_questions_registered"
  | "security_questions_removed"
  | "app_password_created"
  | "app_password_removed";

export type SecurityInfoModel = PhonesSection &
  EmailMethodSection &
  DefaultMethodSection &
  PasskeysSection &
  SecurityQuestionsSection &
  AppPasswordsSection & {
    upn: string;
    displayName: string;
    methods: SecurityInfoMethod[];
    backupCodesLeft: number;
    devices: RememberedDevice[];
    sessions: SessionEntry[];
    /** This session began with a Temporary Access Pass: the page says what to do with it. */
    signedInWithPass?: boolean;
    /** The user may change their password here (Varco's own, or written to the directory). */
    canChangePassword?: boolean;
    /** Where the user stands for self-service password reset: shown when the tenant allows it. */
    passwordReset?: ResetRegistration;
    notice?: SecurityInfoNotice;
    /** An error code: its message when the catalogs have one, else a generic message. */
    error?: string;
  };

/**
 * Proving it is you again before a sensitive act: a code from a method (or a backup code); the
 * password, for a user with no method yet; or, for the admin pages without any method, a pointer
 * to security info to add one first.
 */
export type ReauthModel = {
  returnTo: string;
  proof: "code" | "password" | "register_first";
  methods: { id: string; label: string }[];
  selectedMethodId: string;
  backupCodesLeft: number;
  /** The user has passkeys or security keys: proving one is offered first (passkey.js). */
  passkey?: boolean;
  /** The tenant requires phishing-resistant MFA here: only a passkey is offered. */
  passkeyRequired?: boolean;
  error?: "invalid_credentials" | "invalid_code" | "passkey_failed";
};

export type ErrorModel = { code: string };

export type PageModels = {
  accounts: AccountsModel;
  "admin-branding": AdminBrandingModel;
  "admin-users": AdminUsersModel;
  "admin-user": AdminUserModel;
  "admin-user-delete": AdminUserDeleteModel;
  "admin-confirm": AdminConfirmModel;
  confirm: ConfirmModel;
  "admin-tap-issued": AdminTapIssuedModel;
  "admin-audit": AdminAuditModel;
  "admin-policy": AdminPolicyModel;
  "admin-sign-ins": AdminSignInsModel;
  "admin-risky-users": AdminRiskyUsersModel;
  "admin-lockouts": AdminLockoutsModel;
  "admin-tokens": AdminTokensModel;
  "admin-token-import": AdminTokenImportModel;
  "admin-users-bulk": AdminUsersBulkModel;
  "admin-users-bulk-outcome": AdminUsersBulkOutcomeModel;
  "admin-dashboard": AdminDashboardModel;
  "admin-campaigns": AdminCampaignsModel;
  "admin-domains": AdminDomainsModel;
  "admin-scim-tokens": AdminScimTokensModel;
  "admin-scim-token-created": AdminScimTokenCreatedModel;
  "admin-tenant-confirm": AdminTenantConfirmModel;
  "admin-phone": AdminPhoneModel;
  "sign-in": SignInModel;
  "tap-sign-in": TapSignInModel;
  verify: VerifyModel;
  "fraud-reported": FraudReportedModel;
  "change-password": ChangePasswordModel;
  "other-ways": OtherWaysModel;
  "backup-code": BackupCodeModel;
  locked: LockedModel;
  blocked: BlockedModel;
  "register-intro": RegisterIntroModel;
  "enrol-app": EnrolAppModel;
  "enrol-qr": EnrolQrModel;
  "backup-codes": BackupCodesModel;
  "security-info": SecurityInfoModel;
  reauth: ReauthModel;
  error: ErrorModel;
  "verify-sms": VerifySmsModel;
  "register-phone": RegisterPhoneModel;
  "register-phone-code": RegisterPhoneCodeModel;
  "register-phone-done": RegisterPhoneDoneModel;
  "verify-call": VerifyCallModel;
  "admin-voice-greetings": AdminVoiceGreetingsModel;
  "admin-methods": AdminMethodsModel;
  "admin-phone-messages": AdminPhoneMessagesModel;
  "passkey-new": PasskeyNewModel;
  "passkey-rename": PasskeyRenameModel;
  "change-password-own": ChangeOwnPasswordModel;
  "password-reset": PasswordResetModel;
  "admin-password-reset": AdminPasswordResetModel;
  "email-method": EmailMethodPageModel;
  "security-questions": SecurityQuestionsModel;
  "admin-security-questions": AdminSecurityQuestionsModel;
  "app-password-new": AppPasswordNewModel;
  "app-password-created": AppPasswordCreatedModel;
};

export type PageName = keyof PageModels;
