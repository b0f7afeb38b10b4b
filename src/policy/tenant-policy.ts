import { VarcoError } from "../errors/varco-error.ts";
import { checkTrustedRanges } from "../network/ip-ranges.ts";
import { maxTotpWindow } from "../otp/parameters.ts";
import {
  defaultPasswordResetMethods,
  isPasswordResetMethod,
  type PasswordResetMethod,
} from "./password-reset/password-reset-methods.ts";

/**
 * A tenant's settings. Every field has a default here, so a stored policy may omit any of them.
 * The defaults are secure (as Entra's security defaults): MFA for everyone, one method to
 * register at the next sign-in, lockout after 10 wrong codes, no trusted ranges, no
 * remembered devices.
 */
export type TenantPolicy = {
  /** TOTP steps accepted before and after the current one (clock drift of the user's phone). */
  readonly totpWindow: number;
  /** Who must use a second factor: everyone, the members of `mfaGroupId`, or nobody. */
  readonly mfaRequiredFor: "all" | "group" | "none";
  readonly mfaGroupId: string | null;
  /** Methods a user must register before a session starts ("method 1 of N"). */
  readonly requiredMethodCount: 1 | 2;
  /** Seed 001 "Blocco account": denials that lock, minutes to reset the count, minutes locked. */
  readonly lockoutThreshold: number;
  readonly lockoutResetMinutes: number;
  readonly lockoutMinutes: number;
  /**
   * Password attempts from one client address, failed or still being checked, allowed in 15
   * minutes over all the tenant's users: the limit on guessing many accounts from one place. A
   * school whose pupils all sign in through one NAT address raises it.
   */
  readonly passwordAttemptsPerAddress: number;
  /** Seed 001: CIDR ranges whose sign-ins skip MFA; at most 50. */
  readonly trustedIpRanges: readonly string[];
  /** Seed 001 "remember MFA on trusted devices": days, 0 = off. */
  readonly rememberDeviceDays: number;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  /**
   * How recent a session's second factor must be to add, remove or change a method, or to open
   * the admin pages; an older one proves a factor again first.
   */
  readonly recentAuthenticationMinutes: number;
  /**
   * Seed 003 "Temporary Access Pass": the lifetimes an administrator may choose from (10 minutes
   * to 30 days) and the one offered, the pass length in characters (10 to 48, of the 26
   * characters in methods/temporary-access-pass/format.ts), and whether every pass must be
   * one-time.
   */
  readonly tapMinimumLifetimeMinutes: number;
  readonly tapMaximumLifetimeMinutes: number;
  readonly tapDefaultLifetimeMinutes: number;
  readonly tapLength: number;
  readonly tapUsableOnceOnly: boolean;
  /** Seed 001 "Segnala attività sospette": "I didn't try to sign in" on the code prompt. */
  readonly reportSuspiciousActivity: boolean;
  /** What a report's high risk does: a 90-day block, a new password after MFA, or nothing more. */
  readonly highRiskAction: "block" | "requirePasswordChange" | "none";
  /** Seed 001 "Notifiche": who gets an e-mail when a user reports fraud (at most 10). */
  readonly fraudNotificationEmails: readonly string[];
  /**
   * How users reach the helpdesk (an e-mail address, a phone number, an office), shown wherever a
   * page tells them to ask for help: locked out, sign-in reported, phone lost. Empty: not shown.
   */
  readonly helpdeskContact: string;
  /** The IANA time zone ("Europe/Rome") in which pages and e-mails give dates and times. */
  readonly timeZone: string;
  /**
   * Entra's authentication strength "Phishing-resistant MFA" (a passkey or a security key, not a
   * code or a call): required of every holder of an administrator role when true, and of the
   * members of these groups of the tenant (at most 50). Off and empty by default.
   * authentication-strength/phishing-resistant-required.ts answers for one user.
   */
  readonly phishingResistantForAdministrators: boolean;
  readonly phishingResistantGroupIds: readonly string[];
  /**
   * Self-service password reset ("Forgot your password?"): for everyone, the members of
   * `passwordResetGroupId`, or nobody (the default, as Entra's). A user proves
   * `passwordResetMethodsRequired` different methods of `passwordResetMethods` (holders of an
   * admin role always two, never security questions, as in Entra). With
   * `passwordResetRegistrationRequired`, users it covers who have too few of them are asked to
   * register them after signing in.
   */
  readonly passwordResetEnabledFor: "all" | "group" | "none";
  readonly passwordResetGroupId: string | null;
  readonly passwordResetMethodsRequired: 1 | 2;
  readonly passwordResetMethods: readonly PasswordResetMethod[];
  readonly passwordResetRegistrationRequired: boolean;
  /**
   * Security questions, a way to reset a forgotten password (never a second factor):
   * whether users who hold no administrator role may register them; how many questions a user
   * answers to register (3 to 5, 5 by default as Entra's "Number of questions required to
   * register"), and how many of those a reset asks (3 to 5, 3 by default, not more than to
   * register).
   */
  readonly securityQuestionsEnabled: boolean;
  readonly securityQuestionsToRegister: number;
  readonly securityQuestionsToAnswer: number;
  /**
   * App passwords: users may create app passwords for mail clients and other
   * programs that cannot do MFA ("Allow users to create app passwords to sign into non-browser
   * applications"). Off by default: "By default, users cannot create app passwords".
   */
  readonly appPasswordsAllowed: boolean;
};

export const defaultTenantPolicy: TenantPolicy = {
  totpWindow: 1,
  mfaRequiredFor: "all",
  mfaGroupId: null,
  requiredMethodCount: 1,
  lockoutThreshold: 10,
  lockoutResetMinutes: 10,
  lockoutMinutes: 15,
  passwordAttemptsPerAddress: 100,
  trustedIpRanges: [],
  rememberDeviceDays: 0,
  sessionIdleMinutes: 60,
  sessionMaxHours: 12,
  recentAuthenticationMinutes: 60,
  tapMinimumLifetimeMinutes: 60,
  tapMaximumLifetimeMinutes: 480,
  tapDefaultLifetimeMinutes: 60,
  tapLength: 10,
  tapUsableOnceOnly: false,
  reportSuspiciousActivity: true,
  highRiskAction: "block",
  fraudNotificationEmails: [],
  helpdeskContact: "",
  timeZone: "Europe/Rome",
  phishingResistantForAdministrators: false,
  phishingResistantGroupIds: [],
  passwordResetEnabledFor: "none",
  passwordResetGroupId: null,
  passwordResetMethodsRequired: 1,
  passwordResetMethods: defaultPasswordResetMethods,
  passwordResetRegistrationRequired: true,
  securityQuestionsEnabled: false,
  securityQuestionsToRegister: 5,
  securityQuestionsToAnswer: 3,
  appPasswordsAllowed: false,
};

/** The most groups whose members must use phishing-resistant MFA. */
export const maxPhishingResistantGroups = 50;

// Parsed policies by their stored text: the validate path reads the policy on every call, and a
// changed policy is a different text. Frozen, since every caller shares them.
const parsed = new Map<string, TenantPolicy>();

export function parseTenantPolicy(json: string): TenantPolicy {
  let policy = parsed.get(json);
  if (!policy) {
    const stored = JSON.parse(json) as Partial<TenantPolicy>;
    const checked = checkTenantPolicy({ ...defaultTenantPolicy, ...stored, ...passLength(stored) });
    policy = Object.freeze({
      ...checked,
      trustedIpRanges: Object.freeze(checked.trustedIpRanges),
      fraudNotificationEmails: Object.freeze(checked.fraudNotificationEmails),
      phishingResistantGroupIds: Object.freeze(checked.phishingResistantGroupIds),
      passwordResetMethods: Object.freeze(checked.passwordResetMethods),
    });
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(json, policy);
  }
  return policy;
}

/**
 * A pass length kept before passes were drawn from 26 characters (format.ts) may be 8 or 9: it
 * is read as 10, the shortest that keeps the strength of the old 8. Changing it to less is refused.
 */
function passLength(stored: Partial<TenantPolicy>): Partial<TenantPolicy> {
  const length = stored.tapLength;
  return typeof length === "number" && length >= 8 && length < 10 ? { tapLength: 10 } : {};
}

/** The integer settings and their ranges, both ends included. */
export const integerRanges = {
  totpWindow: [0, maxTotpWindow],
  requiredMethodCount: [1, 2],
  lockoutThreshold: [1, 100],
  lockoutResetMinutes: [1, 1440],
  lockoutMinutes: [1, 1440],
  passwordAttemptsPerAddress: [10, 100_000],
  rememberDeviceDays: [0, 365],
  sessionIdleMinutes: [5, 1440],
  sessionMaxHours: [1, 720],
  recentAuthenticationMinutes: [5, 1440],
  tapMinimumLifetimeMinutes: [10, 43_200],
  tapMaximumLifetimeMinutes: [10, 43_200],
  tapDefaultLifetimeMinutes: [10, 43_200],
  tapLength: [10, 48],
  passwordResetMethodsRequired: [1, 2],
  securityQuestionsToRegister: [3, 5],
  securityQuestionsToAnswer: [3, 5],
} as const;

/** Checks every field, with a message naming the one that is wrong. */
export function checkTenantPolicy(policy: TenantPolicy): TenantPolicy {
  for (const [field, [min, max]] of Object.entries(integerRanges)) {
    const value = policy[field as keyof typeof integerRanges];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new VarcoError("invalid_policy", `${field} must be an integer from ${min} to ${max}`);
    }
  }
  if (!["all", "group", "none"].includes(policy.mfaRequiredFor)) {
    throw new VarcoError("invalid_policy", "mfaRequiredFor must be all, group or none");
  }
  if (policy.mfaRequiredFor === "group" && !policy.mfaGroupId) {
    throw new VarcoError("invalid_policy", "mfaRequiredFor group needs mfaGroupId");
  }
  const { tapMinimumLifetimeMinutes: min, tapMaximumLifetimeMinutes: max } = policy;
  if (min > max) {
    throw new VarcoError(
      "invalid_policy",
      "tapMinimumLifetimeMinutes must not be more than tapMaximumLifetimeMinutes",
    );
  }
  if (policy.tapDefaultLifetimeMinutes < min || policy.tapDefaultLifetimeMinutes > max) {
    throw new VarcoError(
      "invalid_policy",
      `tapDefaultLifetimeMinutes must be from tapMinimumLifetimeMinutes (${min}) to tapMaximumLifetimeMinutes (${max})`,
    );
  }
  if (typeof policy.tapUsableOnceOnly !== "boolean") {
    throw new VarcoError("invalid_policy", "tapUsableOnceOnly must be true or false");
  }
  if (typeof policy.reportSuspiciousActivity !== "boolean") {
    throw new VarcoError("invalid_policy", "reportSuspiciousActivity must be true or false");
  }
  if (!["block", "requirePasswordChange", "none"].includes(policy.highRiskAction)) {
    throw new VarcoError(
      "invalid_policy",
      "highRiskAction must be block, requirePasswordChange or none",
    );
  }
  const emails = policy.fraudNotificationEmails;
  if (!Array.isArray(emails) || emails.length > 10) {
    throw new VarcoError(
      "invalid_policy",
      "fraudNotificationEmails is a list of at most 10 addresses",
    );
  }
  for (const email of emails) {
    if (
      typeof email !== "string" ||
      email.length > 254 ||
      !/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(email)
    ) {
      throw new VarcoError(
        "invalid_policy",
        `fraudNotificationEmails: '${String(email).slice(0, 60)}' is not an e-mail address`,
      );
    }
  }
  const contact = policy.helpdeskContact;
  // One line of plain text: pages escape it, and no control character can break a line of a log.
  if (typeof contact !== "string" || contact.length > 200 || /\p{Cc}/u.test(contact)) {
    throw new VarcoError("invalid_policy", "helpdeskContact is one line of at most 200 characters");
  }
  if (typeof policy.phishingResistantForAdministrators !== "boolean") {
    throw new VarcoError(
      "invalid_policy",
      "phishingResistantForAdministrators must be true or false",
    );
  }
  checkGroupIds("phishingResistantGroupIds", policy.phishingResistantGroupIds);
  checkPasswordResetPolicy(policy);
  if (typeof policy.securityQuestionsEnabled !== "boolean") {
    throw new VarcoError("invalid_policy", "securityQuestionsEnabled must be true or false");
  }
  if (policy.securityQuestionsToAnswer > policy.securityQuestionsToRegister) {
    throw new VarcoError(
      "invalid_policy",
      `securityQuestionsToAnswer must not be more than securityQuestionsToRegister (${policy.securityQuestionsToRegister})`,
    );
  }
  if (typeof policy.appPasswordsAllowed !== "boolean") {
    throw new VarcoError("invalid_policy", "appPasswordsAllowed must be true or false");
  }
  return {
    ...policy,
    timeZone: checkTimeZone(policy.timeZone),
    trustedIpRanges: checkTrustedRanges(policy.trustedIpRanges),
    helpdeskContact: contact.trim(),
  };
}

function checkPasswordResetPolicy(policy: TenantPolicy): void {
  if (!["all", "group", "none"].includes(policy.passwordResetEnabledFor)) {
    throw new VarcoError("invalid_policy", "passwordResetEnabledFor must be all, group or none");
  }
  if (policy.passwordResetEnabledFor === "group" && !policy.passwordResetGroupId) {
    throw new VarcoError(
      "invalid_policy",
      "passwordResetEnabledFor group needs passwordResetGroupId",
    );
  }
  if (policy.passwordResetGroupId !== null)
    checkGroupIds("passwordResetGroupId", [policy.passwordResetGroupId]);
  const methods = policy.passwordResetMethods;
  if (!Array.isArray(methods) || methods.length > 6) {
    throw new VarcoError("invalid_policy", "passwordResetMethods is a list of methods");
  }
  for (const method of methods) {
    if (!isPasswordResetMethod(method)) {
      throw new VarcoError(
        "invalid_policy",
        `passwordResetMethods: '${String(method).slice(0, 40)}' is not a method: email, sms, voice, authenticatorApp, passkey or securityQuestions`,
      );
    }
  }
  if (new Set(methods).size !== methods.length) {
    throw new VarcoError("invalid_policy", "passwordResetMethods names a method twice");
  }
  if (typeof policy.passwordResetRegistrationRequired !== "boolean") {
    throw new VarcoError(
      "invalid_policy",
      "passwordResetRegistrationRequired must be true or false",
    );
  }
}

/**
 * A list of at most 50 group ids, each named once: the shape only; that they are the tenant's
 * groups is checked where the policy is written (update-tenant-policy.ts).
 */
function checkGroupIds(field: string, ids: unknown): void {
  if (!Array.isArray(ids) || ids.length > maxPhishingResistantGroups) {
    throw new VarcoError(
      "invalid_policy",
      `${field} is a list of at most ${maxPhishingResistantGroups} group ids`,
    );
  }
  const seen = new Set<string>();
  for (const id of ids) {
    // Letters, digits and - _ . only, as a method configuration's targets: no id breaks a log line.
    if (typeof id !== "string" || !/^[A-Za-z0-9._-]{1,100}$/.test(id)) {
      throw new VarcoError(
        "invalid_policy",
        `${field}: '${String(id).slice(0, 60)}' is not a group id`,
      );
    }
    if (seen.has(id)) throw new VarcoError("invalid_policy", `${field} names ${id} twice`);
    seen.add(id);
  }
}

/**
 * The zone's canonical name when it is an IANA time zone the runtime knows ("europe/rome" reads
 * as "Europe/Rome"); anything else, a fixed offset like "+01:00" included, is refused.
 */
function checkTimeZone(zone: unknown): string {
  const refused = new VarcoError(
    "invalid_policy",
    `timeZone: '${String(zone).slice(0, 60)}' is not an IANA time zone such as Europe/Rome`,
  );
  if (typeof zone !== "string" || !/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(zone)) throw refused;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw refused;
  }
}
