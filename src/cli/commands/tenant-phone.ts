import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { findTenant } from "../../directory/find-tenant.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import type { PhoneSettingsChanges } from "../../phone-settings/phone-settings.ts";
import { phoneSettingsSummary } from "../../phone-settings/phone-settings-summary.ts";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import { updatePhoneSettings } from "../../phone-settings/update-phone-settings.ts";
import { readStdin, runCommand } from "../run-command.ts";

type SetOptions = Partial<Record<string, string>> & {
  removeSmsPrimary?: boolean;
  removeSmsSecondary?: boolean;
  removeVoiceProvider?: boolean;
  json?: boolean;
};

// Option name → setting, for the whole numbers (the settings check their ranges).
const numbers = {
  messagesPerUserPerHour: "messagesPerUserPerHour",
  messagesPerNumberPerHour: "messagesPerNumberPerHour",
  messagesPerTenantPerHour: "messagesPerTenantPerHour",
  monthlyMessageCap: "monthlyMessageCap",
  codeLength: "codeLength",
  codeLifetimeMinutes: "codeLifetimeMinutes",
  resendCooldownSeconds: "resendCooldownSeconds",
} as const satisfies Record<string, keyof PhoneSettingsChanges>;

// Option name → setting, for the configurations read as JSON from a file (`-`: standard input,
// so that no credential is ever on a command line, where other users of the machine see it).
const files = {
  smsPrimaryFile: "smsPrimary",
  smsSecondaryFile: "smsSecondary",
  voiceProviderFile: "voiceProvider",
} as const satisfies Record<string, keyof PhoneSettingsChanges>;

/**
 * `varco tenant phone show|set <tenant>`: the tenant's SMS gateways, call provider, toll-fraud
 * limits and countries; credentials are never printed.
 */
export function registerTenantPhone(tenant: Command): void {
  const phone = tenant
    .command("phone")
    .description("a tenant's SMS gateways, call provider, limits and countries");
  phone
    .command("show [tenant]")
    .description("show the tenant's phone settings (credentials only as configured)")
    .option("--json", "print JSON")
    .action((name: string | undefined, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const found = await findTenant(ctx, name);
        const summary = phoneSettingsSummary(await readPhoneSettings(ctx, found.id));
        out.print(lines(summary), { tenant: found.name, ...summary });
      }),
    );
  phone
    .command("set [tenant]")
    .description("change the settings given as options; the others stay")
    .option("--sms-primary-file <path>", "the primary SMS gateway as JSON ('-': standard input)")
    .option("--sms-secondary-file <path>", "the secondary gateway as JSON ('-': standard input)")
    .option("--voice-provider-file <path>", "the call provider as JSON ('-': standard input)")
    .option("--remove-sms-primary", "remove the primary gateway (SMS disabled)")
    .option("--remove-sms-secondary", "remove the secondary gateway")
    .option("--remove-voice-provider", "remove the call provider (calls disabled)")
    .option("--country <code>", "the tenant's country, ISO 3166 alpha-2 (IT)")
    .option("--allowed-countries <codes>", "comma-separated countries numbers may be in (IT,SM)")
    .option("--messages-per-user-per-hour <n>", "SMS and calls to one user an hour (1-100)")
    .option("--messages-per-number-per-hour <n>", "SMS and calls to one number an hour (1-100)")
    .option("--messages-per-tenant-per-hour <n>", "SMS and calls of the tenant an hour")
    .option("--monthly-message-cap <n>", "SMS and calls in a month (0: no cap)")
    .option("--caller-id <number>", "the number calls come from, with + ('' for none)")
    .option("--fraud-code <keys>", "keys that report a call as fraud (0#)")
    .option("--code-length <n>", "digits of an SMS code (6-8)")
    .option("--code-lifetime-minutes <n>", "minutes an SMS code is valid (1-15)")
    .option("--resend-cooldown-seconds <n>", "seconds before another code may be sent (15-300)")
    .option("--json", "print JSON")
    .action((name: string | undefined, options: SetOptions) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        const changes: Record<string, unknown> = {};
        for (const [option, field] of Object.entries(numbers)) {
          const value = options[option];
          if (value !== undefined)
            changes[field] = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
        }
        if (options.country !== undefined) changes.country = options.country;
        if (options.allowedCountries !== undefined) {
          changes.allowedCountries = options.allowedCountries.split(/[\s,]+/).filter(Boolean);
        }
        if (options.callerId !== undefined) changes.callerId = options.callerId;
        if (options.fraudCode !== undefined) changes.fraudCode = options.fraudCode;
        for (const [option, field] of Object.entries(files)) {
          const path = options[option];
          if (path !== undefined) changes[field] = await configurationFrom(path, option);
        }
        if (options.removeSmsPrimary) changes.smsPrimary = null;
        if (options.removeSmsSecondary) changes.smsSecondary = null;
        if (options.removeVoiceProvider) changes.voiceProvider = null;
        const saved = await updatePhoneSettings(
          ctx,
          actor,
          found.id,
          changes as PhoneSettingsChanges,
        );
        const summary = phoneSettingsSummary(saved);
        out.print(lines(summary), { tenant: found.name, ...summary });
      }),
    );
}

async function configurationFrom(path: string, option: string): Promise<unknown> {
  const text = path === "-" ? await readStdin() : readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new VarcoError("invalid_phone_settings", `${option}: the file is not JSON`);
  }
}

/** One setting a line, a gateway as its kind and destination. */
function lines(summary: ReturnType<typeof phoneSettingsSummary>): string {
  return Object.entries(summary)
    .map(([key, value]) => {
      if (value === null) return `${key}\t-`;
      if (Array.isArray(value)) return `${key}\t${value.join(",")}`;
      if (typeof value === "object") {
        const { kind, configured: _c, ...rest } = value as Record<string, unknown>;
        const where = rest.host ?? rest.baseUrl ?? rest.url;
        return `${key}\t${String(kind)}\t${String(where)}`;
      }
      return `${key}\t${String(value)}`;
    })
    .join("\n");
}
