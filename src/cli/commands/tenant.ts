import type { Command } from "commander";
import { createTenant } from "../../directory/create-tenant.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import type { Tenant } from "../../directory/types.ts";
import { maxTotpWindow, parseTotpWindow } from "../../otp/parameters.ts";
import { changeTenantPolicy } from "../../policy/update-tenant-policy.ts";
import { listTenants } from "../../store/queries/tenants.ts";
import { formatTime, runCommand } from "../run-command.ts";

export function registerTenant(program: Command): void {
  const tenant = program.command("tenant").description("manage tenants");
  tenant
    .command("create <name>")
    .description("create a tenant")
    .option("--display-name <name>", "name shown to users and in authenticator apps")
    .option("--json", "print JSON")
    .action((name: string, options: { displayName?: string; json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const created = await createTenant(ctx, actor, { name, displayName: options.displayName });
        out.print(`created tenant ${created.name} (${created.id})`, tenantJson(created));
      }),
    );
  tenant
    .command("policy [name]")
    .description("show a tenant's policy, or change it with the options")
    .option(
      "--totp-window <steps>",
      `TOTP steps accepted before and after the current one (0-${maxTotpWindow})`,
    )
    .option("--json", "print JSON")
    .action((name: string | undefined, options: { totpWindow?: string; json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        const changes =
          options.totpWindow === undefined
            ? {}
            : { totpWindow: parseTotpWindow(options.totpWindow) };
        const policy = Object.keys(changes).length
          ? await changeTenantPolicy(ctx, actor, found, changes)
          : found.policy;
        out.print(
          Object.entries(policy)
            .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
            .join("\n"),
          policy,
        );
      }),
    );
  tenant
    .command("list")
    .description("list tenants")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const tenants = await listTenants(ctx.store.db);
        out.print(
          tenants
            .map((t) => `${t.name}\t${t.displayName}\t${t.id}\t${formatTime(t.createdAt)}`)
            .join("\n"),
          tenants.map(tenantJson),
        );
      }),
    );
}

function tenantJson(t: Tenant) {
  return {
    id: t.id,
    name: t.name,
    displayName: t.displayName,
    createdAt: new Date(t.createdAt).toISOString(),
  };
}
