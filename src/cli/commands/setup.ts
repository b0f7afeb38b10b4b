import type { Command } from "commander";
import { loadConfig } from "../../config/load-config.ts";
import { setUpFirstAdministrator } from "../../flows/set-up-first-administrator.ts";
import { formatTime, runCommand } from "../run-command.ts";

type Options = {
  adminUpn: string;
  domain: string;
  tenant?: string;
  displayName?: string;
  json?: boolean;
};

/**
 * `varco setup`: the first Global Administrator of a new installation (or of a tenant that has
 * none), with the tenant and its domain, and the one-time Temporary Access Pass they sign in with.
 */
export function registerSetup(program: Command): void {
  program
    .command("setup")
    .description("create a tenant with its domain and its first Global Administrator")
    .requiredOption("--admin-upn <upn>", "the administrator's user name, such as admin@school.it")
    .requiredOption("--domain <domain>", "the domain of the organisation's user names")
    .option("--tenant <name>", "the tenant's name in URLs (default: the domain's first part)")
    .option("--display-name <name>", "the name people see when a new tenant is created")
    .option("--json", "print JSON")
    .action((options: Options) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const done = await setUpFirstAdministrator(ctx, actor, {
          adminUpn: options.adminUpn,
          domain: options.domain,
          tenant: options.tenant,
          displayName: options.displayName,
        });
        const { tenant, user, pass } = done;
        const signInUrl = `${loadConfig().publicUrl}/t/${tenant.name}/sign-in/tap`;
        out.print(
          [
            `tenant:         ${tenant.name} (${tenant.displayName})${done.tenantCreated ? "" : ", which existed"}`,
            `domain:         ${done.domain}`,
            `administrator:  ${user.upn} (Global Administrator)`,
            `pass:           ${pass.pass}`,
            `                a Temporary Access Pass for one sign-in, until ${formatTime(pass.expiresAt)}`,
            "                shown only now: it is not kept in clear",
            "",
            `Sign in at ${signInUrl}`,
            `with ${user.upn} and the pass. You then choose a password and register an`,
            "authenticator app; the Administration link in the header leads to the admin pages.",
          ].join("\n"),
          {
            tenant: tenant.name,
            tenantDisplayName: tenant.displayName,
            tenantCreated: done.tenantCreated,
            domain: done.domain,
            userPrincipalName: user.upn,
            userId: user.id,
            role: "globalAdministrator",
            temporaryAccessPass: pass.pass,
            startDateTime: new Date(pass.startAt).toISOString(),
            lifetimeInMinutes: pass.lifetimeMinutes,
            isUsableOnce: pass.usableOnce,
            signInUrl,
          },
        );
      }),
    );
}
