import type { Command } from "commander";
import { createApiKey } from "../../api-keys/create-api-key.ts";
import { revokeApiKey } from "../../api-keys/revoke-api-key.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { type ApiKey, listApiKeys } from "../../store/queries/api-keys.ts";
import { formatTime, runCommand } from "../run-command.ts";

export function registerApiKey(program: Command): void {
  const apikey = program.command("apikey").description("manage API keys for the validate API");
  apikey
    .command("create")
    .description("create an API key; it is printed once")
    .requiredOption("--name <name>", "what uses it, e.g. vpn-gateway")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: { name: string; tenant?: string; json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const tenant = await findTenant(ctx, options.tenant);
        const { apiKey, key } = await createApiKey(ctx, actor, tenant, { name: options.name });
        out.print(`id:  ${apiKey.id}\nkey: ${key}\n(the key is shown once only)`, {
          id: apiKey.id,
          key,
        });
      }),
    );
  apikey
    .command("list")
    .description("list API keys (never the keys themselves)")
    .option("--tenant <name>", "tenant")
    .option("--json", "print JSON")
    .action((options: { tenant?: string; json?: boolean }) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const keys = await listApiKeys(ctx.store.db, (await findTenant(ctx, options.tenant)).id);
        out.print(
          keys
            .map(
              (k) =>
                `${k.id}\t${k.name}\t${k.revokedAt ? `revoked ${formatTime(k.revokedAt)}` : "live"}`,
            )
            .join("\n"),
          keys.map(apiKeyJson),
        );
      }),
    );
  apikey
    .command("revoke <id>")
    .description("revoke an API key")
    .option("--json", "print JSON")
    .action((id: string, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        await revokeApiKey(ctx, actor, id);
        out.print(`API key ${id} revoked`, { id, revoked: true });
      }),
    );
}

function apiKeyJson(k: ApiKey) {
  return {
    id: k.id,
    name: k.name,
    createdAt: new Date(k.createdAt).toISOString(),
    revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
  };
}
