import type { Command } from "commander";
import { findGroup } from "../../directory/find-group.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { maxTotpWindow } from "../../otp/parameters.ts";
import type { TenantPolicy } from "../../policy/tenant-policy.ts";
import { changeTenantPolicy } from "../../policy/update-tenant-policy.ts";
import { runCommand } from "../run-command.ts";
import { passwordResetChanges, withPasswordResetOptions } from "./password-reset-options.ts";

type Options = Partial<Record<string, string>> & { json?: boolean };

// Option name → policy field, for the whole numbers (ranges are checked by the policy itself).
const numbers = {
  totpWindow: "totpWindow",
  requiredMethods: "requiredMethodCount",
  lockoutThreshold: "lockoutThreshold",
  lockoutResetMinutes: "lockoutResetMinutes",
  lockoutMinutes: "lockoutMinutes",
  passwordAttemptsPerAddress: "passwordAttemptsPerAddress",
  rememberDeviceDays: "rememberDeviceDays",
  sessionIdleMinutes: "sessionIdleMinutes",
  sessionMaxHours: "sessionMaxHours",
  recentAuthenticationMinutes: "recentAuthenticationMinutes",
  tapMinMinutes: "tapMinimumLifetimeMinutes",
  tapMaxMinutes: "tapMaximumLifetimeMinutes",
  tapDefaultMinutes: "tapDefaultLifetimeMinutes",
  tapLength: "tapLength",
  securityQuestionsToRegister: "securityQuestionsToRegister",
  securityQuestionsToAnswer: "securityQuestionsToAnswer",
} as const;

/** `varco tenant policy [name]`: shows the policy, or changes the fields given as options. */
export function registerTenantPolicy(tenant: Command): void {
  const command = tenant
    .command("policy [name]")
    .description("show a tenant's policy, or change it with the options")
    .option(
      "--totp-window <steps>",
      `TOTP steps accepted before and after the current one (0-${maxTotpWindow})`,
    )
    .option("--mfa-required-for <who>", "all, group (see --mfa-group) or none")
    .option("--mfa-group <name>", "the group that must use MFA when --mfa-required-for group")
    .option("--required-methods <n>", "methods to register before the first session (1 or 2)")
    .option("--lockout-threshold <n>", "wrong second factors that lock the account (1-100)")
    .option("--lockout-reset-minutes <n>", "minutes until the count of wrong second factors resets")
    .option("--lockout-minutes <n>", "minutes until a locked account unlocks itself")
    .option(
      "--password-attempts-per-address <n>",
      "failed or unfinished password attempts one IP address may make in 15 minutes (10-100000)",
    )
    .option(
      "--trusted-ranges <cidrs>",
      "comma-separated IP ranges that skip MFA (at most 50; '' clears)",
    )
    .option(
      "--remember-device-days <n>",
      "days a device may skip MFA when the user asks (0 = off, up to 365)",
    )
    .option("--session-idle-minutes <n>", "minutes of inactivity that end a session")
    .option("--session-max-hours <n>", "hours after which a session ends anyway")
    .option(
      "--recent-authentication-minutes <n>",
      "how recent a second factor must be to change methods or open the admin pages (5-1440)",
    )
    .option("--tap-min-minutes <n>", "shortest Temporary Access Pass lifetime (10-43200)")
    .option("--tap-max-minutes <n>", "longest Temporary Access Pass lifetime (10-43200)")
    .option("--tap-default-minutes <n>", "Temporary Access Pass lifetime offered by default")
    .option("--tap-length <n>", "Temporary Access Pass length in characters (10-48)")
    .option("--tap-once-only <yes|no>", "whether every Temporary Access Pass is one-time")
    .option(
      "--helpdesk-contact <text>",
      "how users reach the helpdesk, shown when they need help ('' clears; at most 200 characters)",
    )
    .option(
      "--time-zone <zone>",
      "IANA time zone of the times on pages and in e-mails (Europe/Rome by default)",
    )
    .option(
      "--phishing-resistant-admins <yes|no>",
      "whether every administrator must sign in with a passkey or a security key",
    )
    .option(
      "--phishing-resistant-groups <names>",
      "comma-separated groups whose members must sign in with a passkey or a security key (at most 50; '' clears)",
    )
    .option(
      "--notification-emails <addresses>",
      "comma-separated e-mail addresses told of each fraud report (at most 10; '' clears)",
    )
    .option(
      "--security-questions <yes|no>",
      "whether users who hold no administrator role may register security questions for password reset",
    )
    .option(
      "--security-questions-to-register <n>",
      "security questions a user answers to register them (3-5)",
    )
    .option(
      "--security-questions-to-answer <n>",
      "security questions a password reset asks (3-5, not more than to register)",
    )
    .option(
      "--app-passwords <yes|no>",
      "whether users may create app passwords for mail clients that cannot do MFA (no by default)",
    )
    .option("--json", "print JSON");
  withPasswordResetOptions(command).action((name: string | undefined, options: Options) =>
    runCommand(options, async ({ ctx }, actor, out) => {
      const found = await findTenant(ctx, name);
      const changes: Record<string, unknown> = await passwordResetChanges(ctx, found, options);
      for (const [option, field] of Object.entries(numbers)) {
        const value = options[option];
        if (value === undefined) continue;
        if (!/^\d+$/.test(value))
          throw new VarcoError("invalid_policy", `--${kebab(option)} must be a whole number`);
        changes[field] = Number(value);
      }
      if (options.mfaRequiredFor !== undefined) changes.mfaRequiredFor = options.mfaRequiredFor;
      if (options.helpdeskContact !== undefined) changes.helpdeskContact = options.helpdeskContact;
      if (options.timeZone !== undefined) changes.timeZone = options.timeZone;
      if (options.tapOnceOnly !== undefined) {
        if (!["yes", "no"].includes(options.tapOnceOnly))
          throw new VarcoError("invalid_policy", "--tap-once-only must be yes or no");
        changes.tapUsableOnceOnly = options.tapOnceOnly === "yes";
      }
      if (options.phishingResistantAdmins !== undefined) {
        if (!["yes", "no"].includes(options.phishingResistantAdmins))
          throw new VarcoError("invalid_policy", "--phishing-resistant-admins must be yes or no");
        changes.phishingResistantForAdministrators = options.phishingResistantAdmins === "yes";
      }
      if (options.securityQuestions !== undefined) {
        if (!["yes", "no"].includes(options.securityQuestions))
          throw new VarcoError("invalid_policy", "--security-questions must be yes or no");
        changes.securityQuestionsEnabled = options.securityQuestions === "yes";
      }
      if (options.appPasswords !== undefined) {
        if (!["yes", "no"].includes(options.appPasswords))
          throw new VarcoError("invalid_policy", "--app-passwords must be yes or no");
        changes.appPasswordsAllowed = options.appPasswords === "yes";
      }
      if (options.phishingResistantGroups !== undefined) {
        const names = options.phishingResistantGroups
          .split(",")
          .map((group) => group.trim())
          .filter(Boolean);
        const ids: string[] = [];
        for (const group of names) ids.push((await findGroup(ctx, found, group)).id);
        changes.phishingResistantGroupIds = ids;
      }
      if (options.mfaGroup !== undefined)
        changes.mfaGroupId = (await findGroup(ctx, found, options.mfaGroup)).id;
      if (options.notificationEmails !== undefined) {
        changes.fraudNotificationEmails = options.notificationEmails
          .split(",")
          .map((address) => address.trim())
          .filter(Boolean);
      }
      if (options.trustedRanges !== undefined) {
        changes.trustedIpRanges = options.trustedRanges
          .split(",")
          .map((range) => range.trim())
          .filter(Boolean);
      }
      const policy = Object.keys(changes).length
        ? await changeTenantPolicy(ctx, actor, found, changes as Partial<TenantPolicy>)
        : found.policy;
      out.print(
        Object.entries(policy)
          .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
          .join("\n"),
        policy,
      );
    }),
  );
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
