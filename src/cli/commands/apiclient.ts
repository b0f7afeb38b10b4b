import type { Command } from "commander";
import { assignClientRole, unassignClientRole } from "../../api-clients/assign-client-role.ts";
import { createApiClient } from "../../api-clients/create-api-client.ts";
import { revokeApiClient } from "../../api-clients/revoke-api-client.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { parseRole, roleDisplayNames } from "../../roles/roles.ts";
import { listApiClients } from "../../store/queries/api-clients.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import { formatTime, runCommand } from "../run-command.ts";

type Options = { tenant?: string; json?: boolean };

/** `varco apiclient`: clients of the admin API, with their roles. */
export function registerApiClient(program: Command): void {
  const apiclient = program
    .command("apiclient")
    .description("manage admin API clients (client id and secret, with roles)");
  apiclient
    .command("create")
    .description("create a client; its secret is printed once")
    .requiredOption("--name <name>", "what uses it, e.g. helpdesk-portal")
    .requiredOption("--role <roles>", "comma-separated roles, e.g. helpdeskAdministrator")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Options & { name: string; role: string }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const roles = options.role.split(",").map((role) => parseRole(role.trim()));
        const tenant = await findTenant(ctx, options.tenant);
        const { clientId, clientSecret } = await createApiClient(ctx, actor, tenant, {
          name: options.name,
          roles,
        });
        out.print(
          `client id:     ${clientId}\nclient secret: ${clientSecret}\n(the secret is shown once only)`,
          { clientId, clientSecret, roles },
        );
      }),
    );
  apiclient
    .command("list")
    .description("list clients and their roles (never the secrets)")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: Options) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const clients = await listApiClients(
          ctx.store.db,
          (await findTenant(ctx, options.tenant)).id,
        );
        const rows = await Promise.all(
          clients.map(async (c) => ({
            clientId: c.id,
            name: c.name,
            roles: await listRolesOf(ctx.store.db, "apiClient", c.id),
            createdAt: new Date(c.createdAt).toISOString(),
            revokedAt: c.revokedAt === null ? null : new Date(c.revokedAt).toISOString(),
            lastUsedAt: c.lastUsedAt === null ? null : new Date(c.lastUsedAt).toISOString(),
          })),
        );
        out.print(
          rows
            .map(
              (c) =>
                `${c.clientId}\t${c.name}\t${c.roles.join(",")}\t${c.revokedAt ? `revoked ${formatTime(Date.parse(c.revokedAt))}` : "live"}`,
            )
            .join("\n"),
          rows,
        );
      }),
    );
  for (const assign of [true, false]) {
    apiclient
      .command(assign ? "assign-role <clientId>" : "unassign-role <clientId>")
      .description(
        assign
          ? "give a client a role: its current token can use it at once"
          : "take a role from a client: from its next request on, whatever its token says",
      )
      .requiredOption("--role <role>", "role")
      .option("--tenant <name>", "tenant")
      .option("--json", "print JSON")
      .action((clientId: string, options: Options & { role: string }) =>
        runCommand(options, async ({ ctx }, actor, out) => {
          const role = parseRole(options.role);
          const tenant = await findTenant(ctx, options.tenant);
          await (assign ? assignClientRole : unassignClientRole)(
            ctx,
            actor,
            tenant,
            clientId,
            role,
          );
          out.print(
            `API client ${clientId}: ${assign ? "now" : "no longer"} ${roleDisplayNames[role]}`,
            {
              clientId,
              role,
              assigned: assign,
            },
          );
        }),
      );
  }
  apiclient
    .command("revoke <clientId>")
    .description("revoke a client: its secret and tokens stop working at once")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((clientId: string, options: Options) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        await revokeApiClient(ctx, actor, await findTenant(ctx, options.tenant), clientId);
        out.print(`API client ${clientId} revoked`, { clientId, revoked: true });
      }),
    );
}
