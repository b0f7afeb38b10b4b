import type { Command } from "commander";
import { addTenantDomain } from "../../directory/domains/add-tenant-domain.ts";
import { removeTenantDomain } from "../../directory/domains/remove-tenant-domain.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { listTenantDomains } from "../../store/queries/tenant-domains.ts";
import { formatTime, runCommand } from "../run-command.ts";

/**
 * `varco tenant domain add|remove|list <tenant>`: the domains of a tenant's user names, by which
 * the sign-in page finds the tenant of the UPN a user types.
 */
export function registerTenantDomain(tenant: Command): void {
  const domain = tenant
    .command("domain")
    .description("the domains of a tenant's user names, which find its sign-in page");
  domain
    .command("add <tenant> <domain>")
    .description("give a tenant a domain (one tenant per domain)")
    .option("--json", "print JSON")
    .action((name: string, text: string, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        const added = await addTenantDomain(ctx, actor, found, text);
        out.print(`tenant ${found.name} has the domain ${added.name}`, {
          domain: added.name,
          tenant: found.name,
          createdAt: new Date(added.createdAt).toISOString(),
        });
      }),
    );
  domain
    .command("remove <tenant> <domain>")
    .description("take a domain from a tenant")
    .option("--json", "print JSON")
    .action((name: string, text: string, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        const removed = await removeTenantDomain(ctx, actor, found, text);
        out.print(`removed the domain ${removed} from tenant ${found.name}`, {
          domain: removed,
          tenant: found.name,
          removed: true,
        });
      }),
    );
  domain
    .command("list [tenant]")
    .description("list a tenant's domains (default: the default tenant)")
    .option("--json", "print JSON")
    .action((name: string | undefined, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const found = await findTenant(ctx, name);
        const rows = await listTenantDomains(ctx.store.db, found.id);
        out.print(
          rows.map((r) => `${r.name}\t${formatTime(r.created_at)}`).join("\n"),
          rows.map((r) => ({
            domain: r.name,
            tenant: found.name,
            createdAt: new Date(r.created_at).toISOString(),
          })),
        );
      }),
    );
}
