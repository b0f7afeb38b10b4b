import type { ClientSignInReason } from "../api-clients/record-client-sign-in.ts";
import type { AuditActivity } from "../audit/audit-activities.ts";
import { disabledInDirectory, goneFromDirectory } from "../directory/ldap/apply-directory-user.ts";
import type { ValidateReason } from "../flows/validate-second-factor.ts";
import type { PhoneMessageStatus } from "../methods/phone/phone-message-statuses.ts";
import type { PassState } from "../methods/temporary-access-pass/pass-state.ts";
import type { MethodKind, MethodState } from "../methods/types.ts";
import type { RiskDetail, RiskLevel, RiskState } from "../risk/risk-values.ts";
import type { Role } from "../roles/roles.ts";
import { provisioningBlockReason } from "../scim/users/provisioning-block.ts";
import type { GreetingKind, GreetingLanguage } from "../sender/voice/greeting-kinds.ts";
import type { recordSignIn, SignInReason } from "../sign-in/record-sign-in.ts";
import type { MfaSatisfiedBy } from "../sign-in/types.ts";
import type { PhoneMessagesTable } from "../store/schema.ts";
import type { MessageKey } from "./i18n/en.ts";

// What the admin pages say for each stored value. Every table is a Record over the whole union,
// so a value added to the domain without its words fails the type check here; a value the
// database holds but no union names (an old row) reads "Other", never the raw token.

type SignInResult = Parameters<typeof recordSignIn>[2]["result"];
/** Every reason a sign-in log entry is written with: pages and JSON API, validate API, clients. */
type LoggedReason = SignInReason | ValidateReason | ClientSignInReason;
/** What the sign-in log's method column holds. */
type LoggedMethodKind =
  | MethodKind
  | "backupCode"
  | "temporaryAccessPass"
  | "passkey"
  | "securityKey";
/** Reasons an account is blocked that Varco itself writes; an administrator's own reason shows as typed. */
type SystemBlockReason =
  | "Fraud reported"
  | "Created disabled by an administrator"
  | typeof disabledInDirectory
  | typeof goneFromDirectory
  | typeof provisioningBlockReason;

const results: Record<SignInResult, MessageKey> = {
  success: "admin.result.success",
  failure: "admin.result.failure",
  interrupted: "admin.result.interrupted",
};

const reasons: Record<LoggedReason, MessageKey> = {
  success: "admin.reason.success",
  user_not_found: "admin.reason.userNotFound",
  invalid_password: "admin.reason.invalidPassword",
  user_blocked: "admin.reason.userBlocked",
  throttled: "admin.reason.throttled",
  mfa_required: "admin.reason.mfaRequired",
  registration_required: "admin.reason.registrationRequired",
  invalid_code: "admin.reason.invalidCode",
  code_reused: "admin.reason.codeReused",
  locked_out: "admin.reason.lockedOut",
  sign_in_expired: "admin.reason.signInExpired",
  invalid_temporary_access_pass: "admin.reason.invalidTap",
  temporary_access_pass_not_yet_valid: "admin.reason.tapNotYetValid",
  temporary_access_pass_expired_or_used: "admin.reason.tapExpiredOrUsed",
  fraud_reported: "admin.reason.fraudReported",
  password_change_required: "admin.reason.passwordChangeRequired",
  invalid_new_password: "admin.reason.invalidNewPassword",
  no_method: "admin.reason.noMethod",
  method_not_found: "admin.reason.methodNotFound",
  client_not_found: "admin.reason.clientNotFound",
  invalid_client_secret: "admin.reason.invalidClientSecret",
  client_revoked: "admin.reason.clientRevoked",
  directory_account_disabled: "admin.reason.directoryAccountDisabled",
  directory_unavailable: "admin.reason.directoryUnavailable",
  phone_code_cooldown: "admin.reason.phoneCodeCooldown",
  phone_limit_reached: "admin.reason.phoneLimitReached",
  phone_number_not_allowed: "admin.reason.phoneNumberNotAllowed",
  phone_method_unavailable: "admin.reason.phoneMethodUnavailable",
  invalid_phone_number: "admin.reason.invalidPhoneNumber",
  phone_country_code_required: "admin.reason.phoneCountryCodeRequired",
  phone_call_waiting: "admin.reason.phoneCallWaiting",
  phone_call_denied: "admin.reason.phoneCallDenied",
  phone_send_failed: "admin.reason.phoneSendFailed",
  voice_call_failed: "admin.reason.voiceCallFailed",
  passkey_failed: "admin.reason.passkeyFailed",
  passkey_cloned: "admin.reason.passkeyCloned",
  passkey_registration_failed: "admin.reason.passkeyRegistrationFailed",
  phishing_resistant_required: "admin.reason.phishingResistantRequired",
};

const methodKinds: Record<LoggedMethodKind, MessageKey> = {
  softwareOath: "admin.method.app",
  hardwareOath: "admin.method.hardware",
  backupCode: "admin.method.backupCode",
  temporaryAccessPass: "admin.method.tap",
  passkey: "admin.method.passkey",
  securityKey: "admin.method.securityKey",
};

const methodStates: Record<MethodState, MessageKey> = {
  pending: "securityInfo.state.pending",
  active: "securityInfo.state.active",
  disabled: "securityInfo.state.disabled",
};

const mfa: Record<MfaSatisfiedBy, MessageKey> = {
  code: "admin.mfa.code",
  backupCode: "admin.method.backupCode",
  trustedIp: "admin.mfa.trustedIp",
  rememberedDevice: "admin.mfa.rememberedDevice",
  notRequired: "admin.mfa.notRequired",
  registration: "admin.mfa.registration",
  temporaryAccessPass: "admin.method.tap",
  registrationPostponed: "admin.mfa.registrationPostponed",
  phoneCall: "admin.mfa.phoneCall",
  passkey: "admin.mfa.passkey",
};

const roles: Record<Role, MessageKey> = {
  globalAdministrator: "admin.role.globalAdministrator",
  authenticationPolicyAdministrator: "admin.role.authenticationPolicyAdministrator",
  authenticationAdministrator: "admin.role.authenticationAdministrator",
  privilegedAuthenticationAdministrator: "admin.role.privilegedAuthenticationAdministrator",
  helpdeskAdministrator: "admin.role.helpdeskAdministrator",
  securityReader: "admin.role.securityReader",
  userAdministrator: "admin.role.userAdministrator",
};

const riskLevels: Record<RiskLevel, MessageKey> = {
  none: "admin.risk.none",
  low: "admin.riskLevel.low",
  medium: "admin.riskLevel.medium",
  high: "admin.risk.high",
};

const riskStates: Record<RiskState, MessageKey> = {
  atRisk: "admin.riskState.atRisk",
  confirmedCompromised: "admin.riskState.confirmedCompromised",
  remediated: "admin.riskState.remediated",
  dismissed: "admin.riskState.dismissed",
};

const riskDetails: Record<RiskDetail, MessageKey> = {
  userReportedSuspiciousActivity: "admin.riskDetail.userReported",
  adminConfirmedUserCompromised: "admin.riskDetail.adminConfirmed",
  adminDismissedAllRiskForUser: "admin.riskDetail.adminDismissed",
  userPerformedSecuredPasswordChange: "admin.riskDetail.passwordChanged",
};

const passStates: Record<PassState, MessageKey> = {
  active: "admin.tapState.active",
  used: "admin.tapState.used",
  expired: "admin.tapState.expired",
  notYetValid: "admin.tapState.notYetValid",
};

const tokenStatuses: Record<"available" | "assigned" | "activated", MessageKey> = {
  available: "admin.tokens.available",
  assigned: "admin.tokens.assigned",
  activated: "admin.tokens.activated",
};

const blockReasons: Record<SystemBlockReason, MessageKey> = {
  "Fraud reported": "admin.blockedReason.fraud",
  "Created disabled by an administrator": "admin.blockedReason.createdDisabled",
  [disabledInDirectory]: "admin.blockedReason.disabledInDirectory",
  [goneFromDirectory]: "admin.blockedReason.goneFromDirectory",
  [provisioningBlockReason]: "admin.blockedReason.deactivatedByScim",
};

export const activities: Record<AuditActivity, MessageKey> = {
  "Add tenant": "admin.activity.addTenant",
  "Update tenant": "admin.activity.updateTenant",
  "Update tenant policy": "admin.activity.updateTenantPolicy",
  "Add domain": "admin.activity.addDomain",
  "Remove domain": "admin.activity.removeDomain",
  "Add user": "admin.activity.addUser",
  "Update user": "admin.activity.updateUser",
  "Delete user": "admin.activity.deleteUser",
  "Block user": "admin.activity.blockUser",
  "Unblock user": "admin.activity.unblockUser",
  "Unlock user": "admin.activity.unlockUser",
  "Change password": "admin.activity.changePassword",
  "Reset password (self-service)": "admin.activity.selfServicePasswordReset",
  "Reset user password": "admin.activity.resetUserPassword",
  "Add group": "admin.activity.addGroup",
  "Add member to group": "admin.activity.addGroupMember",
  "Remove member from group": "admin.activity.removeGroupMember",
  "Add member to role": "admin.activity.addRoleMember",
  "Remove member from role": "admin.activity.removeRoleMember",
  "Register authenticator app": "admin.activity.registerApp",
  "Activate authenticator app": "admin.activity.activateApp",
  "Activate hardware OATH token": "admin.activity.activateHardwareToken",
  "Set default authentication method": "admin.activity.setDefaultMethod",
  "Delete authentication method": "admin.activity.deleteMethod",
  "Require re-register MFA": "admin.activity.requireReregistration",
  "Generate backup codes": "admin.activity.generateBackupCodes",
  "Create temporary access pass": "admin.activity.createTap",
  "Delete temporary access pass": "admin.activity.deleteTap",
  "Import hardware OATH tokens": "admin.activity.importHardwareTokens",
  "Assign hardware OATH token": "admin.activity.assignHardwareToken",
  "Resynchronise hardware OATH token": "admin.activity.resyncHardwareToken",
  "Revoke session": "admin.activity.revokeSession",
  "Revoke all sessions": "admin.activity.revokeAllSessions",
  "Revoke remembered device": "admin.activity.revokeDevice",
  "Revoke all remembered devices": "admin.activity.revokeAllDevices",
  "Fraud reported": "admin.activity.fraudReported",
  "Confirm user compromised": "admin.activity.confirmCompromised",
  "Dismiss user risk": "admin.activity.dismissRisk",
  "Remediate user risk": "admin.activity.remediateRisk",
  "Add API key": "admin.activity.addApiKey",
  "Revoke API key": "admin.activity.revokeApiKey",
  "Add API client": "admin.activity.addApiClient",
  "Revoke API client": "admin.activity.revokeApiClient",
  "Prune audit log": "admin.activity.pruneAuditLog",
  "Prune sign-in log": "admin.activity.pruneSignInLog",
  "Set up first administrator": "admin.activity.setUpFirstAdministrator",
  "Update branding": "admin.activity.updateBranding",
  "Bulk create users": "admin.activity.bulkCreateUsers",
  "Bulk delete users": "admin.activity.bulkDeleteUsers",
  "Update group": "admin.activity.updateGroup",
  "Delete group": "admin.activity.deleteGroup",
  "Add SCIM token": "admin.activity.addScimToken",
  "Revoke SCIM token": "admin.activity.revokeScimToken",
  "Set user directory": "admin.activity.setUserDirectory",
  "Remove user directory": "admin.activity.removeUserDirectory",
  "Sync user directory": "admin.activity.syncUserDirectory",
  "Add enrolment campaign": "admin.activity.addCampaign",
  "End enrolment campaign": "admin.activity.endCampaign",
  "Postpone registration": "admin.activity.postponeRegistration",
  "Send registration reminder": "admin.activity.sendRegistrationReminder",
  "Add phone method": "admin.activity.addPhoneMethod",
  "Update phone method": "admin.activity.updatePhoneMethod",
  "Delete phone method": "admin.activity.deletePhoneMethod",
  "Delete passkey": "admin.activity.deletePasskey",
  "Set voice greeting": "admin.activity.setVoiceGreeting",
  "Delete voice greeting": "admin.activity.deleteVoiceGreeting",
  "Update phone settings": "admin.activity.updatePhoneSettings",
  "Update authentication method configuration": "admin.activity.updateMethodConfiguration",
  "Register passkey": "admin.activity.registerPasskey",
  "Rename passkey": "admin.activity.renamePasskey",
  "Passkey possibly cloned": "admin.activity.passkeyPossiblyCloned",
  "Add email method": "admin.activity.addEmailMethod",
  "Update email method": "admin.activity.updateEmailMethod",
  "Delete email method": "admin.activity.deleteEmailMethod",
  "Register security questions": "admin.activity.registerSecurityQuestions",
  "Delete security questions": "admin.activity.deleteSecurityQuestions",
  "Add custom security question": "admin.activity.addCustomSecurityQuestion",
  "Delete custom security question": "admin.activity.deleteCustomSecurityQuestion",
  "Create app password": "admin.activity.createAppPassword",
  "Delete app password": "admin.activity.deleteAppPassword",
  "Revoke app password": "admin.activity.revokeAppPassword",
};

/** Each stored value in the page's words. */
const greetingKindWords: Record<GreetingKind, MessageKey> = {
  authenticationSuccessful: "admin.voiceGreetings.kind.authenticationSuccessful",
  extensionPrompt: "admin.voiceGreetings.kind.extensionPrompt",
  fraudConfirmation: "admin.voiceGreetings.kind.fraudConfirmation",
  fraudGreeting: "admin.voiceGreetings.kind.fraudGreeting",
  fraudReported: "admin.voiceGreetings.kind.fraudReported",
  activation: "admin.voiceGreetings.kind.activation",
  authenticationDeniedRetry: "admin.voiceGreetings.kind.authenticationDeniedRetry",
  retry: "admin.voiceGreetings.kind.retry",
  greeting: "admin.voiceGreetings.kind.greeting",
  greetingPin: "admin.voiceGreetings.kind.greetingPin",
  fraudGreetingPin: "admin.voiceGreetings.kind.fraudGreetingPin",
  retryPin: "admin.voiceGreetings.kind.retryPin",
  extensionPromptAfterDigits: "admin.voiceGreetings.kind.extensionPromptAfterDigits",
  authenticationDenied: "admin.voiceGreetings.kind.authenticationDenied",
  activationGreeting: "admin.voiceGreetings.kind.activationGreeting",
  activationRetry: "admin.voiceGreetings.kind.activationRetry",
  activationGreetingPin: "admin.voiceGreetings.kind.activationGreetingPin",
  extensionPromptBeforeDigits: "admin.voiceGreetings.kind.extensionPromptBeforeDigits",
};

const greetingLanguageWords: Record<GreetingLanguage, MessageKey> = {
  it: "admin.voiceGreetings.language.it",
  en: "admin.voiceGreetings.language.en",
};

const phoneStatusWords: Record<PhoneMessageStatus, MessageKey> = {
  sending: "admin.phoneMessages.status.sending",
  sent: "admin.phoneMessages.status.sent",
  failed: "admin.phoneMessages.status.failed",
  delivered: "admin.phoneMessages.status.delivered",
  undelivered: "admin.phoneMessages.status.undelivered",
  calling: "admin.phoneMessages.status.calling",
  approved: "admin.phoneMessages.status.approved",
  denied: "admin.phoneMessages.status.denied",
  fraud: "admin.phoneMessages.status.fraud",
  used: "admin.phoneMessages.status.used",
};

const phoneChannelWords: Record<PhoneMessagesTable["channel"], MessageKey> = {
  sms: "admin.phoneMessages.channel.sms",
  voice: "admin.phoneMessages.channel.voice",
};

const phonePurposeWords: Record<PhoneMessagesTable["purpose"], MessageKey> = {
  signIn: "admin.phoneMessages.purpose.signIn",
  registration: "admin.phoneMessages.purpose.registration",
  validate: "admin.phoneMessages.purpose.validate",
  passwordReset: "admin.phoneMessages.purpose.passwordReset",
};

const phoneGatewayWords: Record<"primary" | "secondary", MessageKey> = {
  primary: "admin.phoneMessages.gateway.primary",
  secondary: "admin.phoneMessages.gateway.secondary",
};

export type AdminWords = {
  result(value: string): string;
  reason(value: string): string;
  methodKind(value: string | null): string;
  methodState(value: string): string;
  mfa(value: string | null): string;
  role(value: string): string;
  riskLevel(value: string): string;
  riskState(value: string): string;
  riskDetail(value: string): string;
  passState(value: string): string;
  tokenStatus(value: string): string;
  activity(value: string): string;
  /** Varco's own block reasons in words; a reason an administrator typed, as typed. */
  blockedReason(value: string): string;
  greetingKind(value: string): string;
  greetingLanguage(value: string): string;
  phoneStatus(value: string): string;
  phoneChannel(value: string): string;
  phonePurpose(value: string): string;
  phoneGateway(value: string | null): string;
};

export function adminWords(t: (key: MessageKey) => string): AdminWords {
  const other = t("admin.word.other");
  const from =
    <K extends string>(table: Record<K, MessageKey>) =>
    (value: string | null): string => {
      if (value === null) return "";
      return Object.hasOwn(table, value) ? t(table[value as K]) : other;
    };
  return {
    result: from(results),
    reason: from(reasons),
    methodKind: from(methodKinds),
    methodState: from(methodStates),
    mfa: from(mfa),
    role: from(roles),
    riskLevel: from(riskLevels),
    riskState: from(riskStates),
    riskDetail: from(riskDetails),
    passState: from(passStates),
    tokenStatus: from(tokenStatuses),
    activity: from(activities),
    blockedReason: (value) =>
      Object.hasOwn(blockReasons, value) ? t(blockReasons[value as SystemBlockReason]) : value,
    greetingKind: from(greetingKindWords),
    greetingLanguage: from(greetingLanguageWords),
    phoneStatus: from(phoneStatusWords),
    phoneChannel: from(phoneChannelWords),
    phonePurpose: from(phonePurposeWords),
    phoneGateway: from(phoneGatewayWords),
  };
}
