import type { Command } from "commander";
import { createTenant } from "../../directory/create-tenant.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { renameTenant } from "../../directory/rename-tenant.ts";
import type { Tenant } from "../../directory/types.ts";
import { listTenants } from "../../store/queries/tenants.ts";
import { formatTime, runCommand } from "../run-command.ts";
import { registerTenantBranding } from "./tenant-branding.ts";
import { registerTenantDirectory } from "./tenant-directory.ts";
import { registerTenantDomain } from "./tenant-domain.ts";
import { registerTenantPhone } from "./tenant-phone.ts";
import { registerTenantPolicy } from "./tenant-policy.ts";
import { registerTenantScimToken } from "./tenant-scim-token.ts";

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
    .command("rename [name]")
    .description("change the name people see for a tenant (default: the default tenant)")
    .requiredOption("--display-name <name>", "shown on the sign-in pages and in authenticator apps")
    .option("--json", "print JSON")
    .action((name: string | undefined, options: { displayName: string; json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        const renamed = await renameTenant(ctx, actor, found, options.displayName);
        out.print(
          `tenant ${renamed.name} is now shown as ${renamed.displayName}`,
          tenantJson(renamed),
        );
      }),
    );
  registerTenantPolicy(tenant);
  registerTenantDomain(tenant);
  registerTenantDirectory(tenant);
  registerTenantScimToken(tenant);
  registerTenantBranding(tenant);
  registerTenantPhone(tenant);
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
