import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { findTenant } from "../../directory/find-tenant.ts";
import { accessOf, parseDirectorySettings } from "../../directory/ldap/load-directory.ts";
import {
  publicSettings,
  removeDirectory,
  setDirectory,
} from "../../directory/ldap/set-directory.ts";
import {
  type DirectoryPreset,
  type DirectorySettings,
  directoryPresets,
} from "../../directory/ldap/settings.ts";
import { syncDirectory } from "../../directory/ldap/sync-directory.ts";
import { testDirectory } from "../../directory/ldap/test-directory.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { findDirectorySource } from "../../store/queries/directory-sources.ts";
import { formatTime, readStdin, runCommand } from "../run-command.ts";

type SetOptions = Partial<Record<string, string>> & {
  starttls?: boolean;
  systemCa?: boolean;
  bindPasswordStdin?: boolean;
  json?: boolean;
};

// Option name → setting, for the texts an option sets as given.
const texts = {
  url: "url",
  bindDn: "bindDn",
  userBase: "userBaseDn",
  userFilter: "userFilter",
  upnAttribute: "upnAttribute",
  upnDomain: "upnDomain",
  displayNameAttribute: "displayNameAttribute",
  mailAttribute: "mailAttribute",
  mobileAttribute: "mobileAttribute",
  departmentAttribute: "departmentAttribute",
  disabledFilter: "disabledFilter",
  groupBase: "groupBaseDn",
  groupFilter: "groupFilter",
  groupNameAttribute: "groupNameAttribute",
  groupMemberAttribute: "groupMemberAttribute",
  kind: "kind",
} as const satisfies Record<string, keyof DirectorySettings>;

/**
 * `varco tenant directory set|show|test|sync|remove <tenant>`: a tenant that takes its users,
 * groups and passwords from LDAP or Active Directory (docs/ldap.md).
 */
export function registerTenantDirectory(tenant: Command): void {
  const directory = tenant
    .command("directory")
    .description("take a tenant's users, groups and passwords from LDAP or Active Directory");
  directory
    .command("set <tenant>")
    .description("set the tenant's directory (options not given keep their value)")
    .option("--preset <kind>", "defaults for the attributes and filters: openldap or ad")
    .option("--url <url>", "ldaps://host:636, or ldap://host:389 with --starttls")
    .option("--starttls", "upgrade ldap:// with StartTLS (required for ldap://)")
    .option("--ca-file <pem>", "the certificate authority to trust for the directory")
    .option("--system-ca", "trust the system's certificate authorities instead")
    .option("--bind-dn <dn>", "the service account that searches the directory")
    .option("--bind-password-stdin", "read the service account's password from standard input")
    .option("--user-base <dn>", "where the users are")
    .option("--user-filter <filter>", "which entries are users")
    .option("--upn-attribute <name>", "the attribute holding the UPN (or its name part)")
    .option("--upn-domain <domain>", "the UPN is <attribute>@<domain> (e.g. uid@school.it)")
    .option("--display-name-attribute <name>", "the display name's attribute")
    .option("--mail-attribute <name>", "the e-mail address's attribute")
    .option("--mobile-attribute <name>", "the mobile phone's attribute")
    .option("--department-attribute <name>", "the department's attribute")
    .option("--disabled-filter <filter>", "which users are disabled ('' for none)")
    .option("--group-base <dn>", "where the groups are ('' to read no groups)")
    .option("--group-filter <filter>", "which entries are groups")
    .option("--group-name-attribute <name>", "the group's name, as Varco names it")
    .option("--group-member-attribute <name>", "the attribute listing members' DNs")
    .option("--sync-interval-minutes <n>", "minutes between syncs (0: only at first sign-in)")
    .option(
      "--kind <kind>",
      "openldap or activeDirectory: how a new password is written (--preset sets it too)",
    )
    .option("--json", "print JSON")
    .action((name: string, options: SetOptions) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        const row = await findDirectorySource(ctx.store.db, found.id);
        const current = row ? accessOf(ctx, row) : undefined;
        const preset = presetOf(options.preset);
        const settings: Record<string, unknown> = {
          ...emptySettings,
          ...current?.settings,
          ...(preset ? directoryPresets[preset] : current ? {} : directoryPresets.openldap),
        };
        for (const [option, key] of Object.entries(texts)) {
          const value = options[option];
          if (value !== undefined) settings[key] = value;
        }
        if (options.url !== undefined || options.starttls) {
          settings.startTls = options.starttls === true;
        }
        if (options.systemCa) settings.caPem = null;
        if (options.caFile !== undefined) settings.caPem = readFileSync(options.caFile, "utf8");
        if (options.syncIntervalMinutes !== undefined) {
          settings.syncIntervalMinutes = Number(options.syncIntervalMinutes);
        }
        const bindPassword = options.bindPasswordStdin ? await readStdin() : current?.bindPassword;
        if (bindPassword === undefined) {
          throw new VarcoError(
            "invalid_directory_settings",
            "give the service account's password with --bind-password-stdin",
          );
        }
        const saved = await setDirectory(ctx, actor, found, {
          ...(settings as DirectorySettings),
          bindPassword,
        });
        out.print(`tenant ${found.name} takes its users from ${saved.url}`, {
          tenant: found.name,
          ...publicSettings(saved),
        });
      }),
    );
  directory
    .command("show <tenant>")
    .description("show the tenant's directory and its last sync (never the password)")
    .option("--json", "print JSON")
    .action((name: string, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const found = await findTenant(ctx, name);
        const row = await findDirectorySource(ctx.store.db, found.id);
        if (!row) {
          throw new VarcoError(
            "directory_not_configured",
            `tenant '${found.name}' has no directory`,
          );
        }
        const shown = {
          tenant: found.name,
          ...publicSettings(parseDirectorySettings(row.settings_json)),
          lastSyncAt: row.last_sync_at === null ? null : new Date(row.last_sync_at).toISOString(),
          lastSync: row.last_sync_result === null ? null : JSON.parse(row.last_sync_result),
        };
        out.print(
          [
            ...Object.entries(shown)
              .filter(([key]) => key !== "lastSync" && key !== "lastSyncAt")
              .map(([key, value]) => `${key}\t${value === null ? "-" : String(value)}`),
            `lastSync\t${formatTime(row.last_sync_at)}\t${row.last_sync_result ?? "-"}`,
          ].join("\n"),
          shown,
        );
      }),
    );
  directory
    .command("test <tenant>")
    .description("connect, bind as the service account and count users and groups")
    .option("--json", "print JSON")
    .action((name: string, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const found = await findTenant(ctx, name);
        const counted = await testDirectory(ctx, found);
        out.print(
          `the directory answers: ${counted.users} users${
            counted.groups === null ? "" : `, ${counted.groups} groups`
          }`,
          { tenant: found.name, ok: true, ...counted },
        );
      }),
    );
  directory
    .command("sync <tenant>")
    .description("create, update and block users and set group members as the directory has them")
    .option("--json", "print JSON")
    .action((name: string, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const found = await findTenant(ctx, name);
        const summary = await syncDirectory(ctx, found);
        out.print(
          Object.entries(summary)
            .map(([key, value]) => `${key}\t${value}`)
            .join("\n"),
          { tenant: found.name, ...summary },
        );
      }),
    );
  directory
    .command("remove <tenant>")
    .description("take the tenant off its directory (passwords are Varco's own again)")
    .option("--json", "print JSON")
    .action((name: string, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        await removeDirectory(ctx, actor, found);
        out.print(`tenant ${found.name} takes its users from no directory`, {
          tenant: found.name,
          removed: true,
        });
      }),
    );
}

const emptySettings = {
  url: "",
  startTls: false,
  caPem: null,
  bindDn: "",
  userBaseDn: "",
  upnDomain: null,
  groupBaseDn: null,
  syncIntervalMinutes: 0,
};

function presetOf(value: string | undefined): DirectoryPreset | undefined {
  if (value === undefined) return undefined;
  if (value === "openldap" || value === "ad") return value;
  throw new VarcoError("invalid_directory_settings", "--preset is openldap or ad");
}
