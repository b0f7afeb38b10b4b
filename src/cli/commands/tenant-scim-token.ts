import type { Command } from "commander";
import { findTenant } from "../../directory/find-tenant.ts";
import { createScimToken } from "../../scim/tokens/create-scim-token.ts";
import { revokeScimToken } from "../../scim/tokens/revoke-scim-token.ts";
import { listScimTokens, type ScimToken } from "../../store/queries/scim.ts";
import { formatTime, runCommand } from "../run-command.ts";

/**
 * `varco tenant scim-token create|list|revoke <tenant>`: the bearer tokens with which a tenant's
 * identity system provisions users over SCIM (docs/scim.md). A token is printed once.
 */
export function registerTenantScimToken(tenant: Command): void {
  const scim = tenant
    .command("scim-token")
    .description("the bearer tokens of a tenant's SCIM provisioning (/scim/v2)");
  scim
    .command("create <tenant>")
    .description("create a SCIM token; it is printed once")
    .option("--name <name>", "what uses it, e.g. entra-id", "scim")
    .option("--json", "print JSON")
    .action((name: string, options: { name: string; json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        const { scimToken, token } = await createScimToken(ctx, actor, found, {
          name: options.name,
        });
        out.print(
          `id:    ${scimToken.id}\ntoken: ${token}\n(the token is shown once only; give it to the identity system as its bearer or secret token, with the URL <public URL>/scim/v2)`,
          { ...scimTokenJson(scimToken, found.name), token },
        );
      }),
    );
  scim
    .command("list <tenant>")
    .description("list a tenant's SCIM tokens (never the tokens themselves)")
    .option("--json", "print JSON")
    .action((name: string, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, _actor, out) => {
        const found = await findTenant(ctx, name);
        const tokens = await listScimTokens(ctx.store.db, found.id);
        out.print(
          tokens
            .map(
              (t) =>
                `${t.id}\t${t.name}\t${t.revokedAt === null ? "live" : `revoked ${formatTime(t.revokedAt)}`}\t${t.lastUsedAt === null ? "never used" : `last used ${formatTime(t.lastUsedAt)}`}`,
            )
            .join("\n"),
          tokens.map((t) => scimTokenJson(t, found.name)),
        );
      }),
    );
  scim
    .command("revoke <tenant> <id>")
    .description("revoke a SCIM token: its next request gets 401")
    .option("--json", "print JSON")
    .action((name: string, id: string, options: { json?: boolean }) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        const revoked = await revokeScimToken(ctx, actor, found, id);
        out.print(`SCIM token ${revoked.id} revoked`, scimTokenJson(revoked, found.name));
      }),
    );
}

function scimTokenJson(t: ScimToken, tenant: string) {
  return {
    id: t.id,
    tenant,
    name: t.name,
    createdAt: new Date(t.createdAt).toISOString(),
    revokedAt: t.revokedAt === null ? null : new Date(t.revokedAt).toISOString(),
    lastUsedAt: t.lastUsedAt === null ? null : new Date(t.lastUsedAt).toISOString(),
  };
}
