import { readFile, stat } from "node:fs/promises";
import type { Command } from "commander";
import { maxLogoBytes } from "../../branding/logo-image.ts";
import {
  type BrandingChanges,
  setTenantBranding,
  type TenantBranding,
} from "../../branding/set-tenant-branding.ts";
import { findTenant } from "../../directory/find-tenant.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { findBranding } from "../../store/queries/tenant-branding.ts";
import { runCommand } from "../run-command.ts";

type Options = {
  logo?: string;
  accentColour?: string;
  clearLogo?: boolean;
  clearAccentColour?: boolean;
  json?: boolean;
};

/**
 * `varco tenant branding [tenant]`: shows the tenant's accent colour and logo, or sets and clears
 * them with the options (a PNG or JPEG logo of at most 100 KiB and 1024 pixels a side; a colour
 * with white text on it readable at WCAG AA's 4.5:1).
 */
export function registerTenantBranding(tenant: Command): void {
  tenant
    .command("branding [name]")
    .description("show a tenant's branding, or change it with the options")
    .option("--logo <file>", "PNG or JPEG shown beside the tenant's name (at most 100 KB, 1024 px)")
    .option("--accent-colour <#rrggbb>", "colour of buttons and links (contrast 4.5:1 with white)")
    .option("--clear-logo", "remove the logo")
    .option("--clear-accent-colour", "go back to Varco's colours")
    .option("--json", "print JSON")
    .action((name: string | undefined, options: Options) =>
      runCommand(options, async ({ ctx }, actor, out) => {
        const found = await findTenant(ctx, name);
        const changes: BrandingChanges = {
          ...(options.accentColour !== undefined ? { accentColour: options.accentColour } : {}),
          ...(options.clearAccentColour ? { accentColour: null } : {}),
          ...(options.logo !== undefined ? { logo: await readLogo(options.logo) } : {}),
          ...(options.clearLogo ? { logo: null } : {}),
        };
        const branding =
          Object.keys(changes).length > 0
            ? await setTenantBranding(ctx, actor, found, changes)
            : await currentBranding(ctx.store.db, found.id);
        out.print(describe(found.name, branding), { tenant: found.name, ...branding });
      }),
    );
}

/** The file's bytes; one far larger than any logo is refused before it is read whole. */
async function readLogo(path: string): Promise<Uint8Array> {
  try {
    if ((await stat(path)).size > maxLogoBytes) {
      throw new VarcoError("logo_too_large", `${path} is larger than ${maxLogoBytes} bytes`);
    }
    return await readFile(path);
  } catch (error) {
    if (error instanceof VarcoError) throw error;
    throw new VarcoError("logo_file_unreadable", `cannot read ${path}`, { cause: error });
  }
}

async function currentBranding(
  db: Parameters<typeof findBranding>[0],
  tenantId: string,
): Promise<TenantBranding> {
  const row = await findBranding(db, tenantId);
  return {
    accentColour: row?.accent_colour ?? null,
    logo: row?.logo_type && row.logo_hash ? { type: row.logo_type, hash: row.logo_hash } : null,
  };
}

function describe(tenant: string, branding: TenantBranding): string {
  const colour = branding.accentColour ?? "Varco's own";
  const logo = branding.logo ? `${branding.logo.type} ${branding.logo.hash}` : "none";
  return `tenant ${tenant}: accent colour ${colour}, logo ${logo}`;
}
