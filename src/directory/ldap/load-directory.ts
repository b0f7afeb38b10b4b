import type { Context } from "../../context.ts";
import { openSealed } from "../../crypto/seal.ts";
import { findDirectorySource } from "../../store/queries/directory-sources.ts";
import type { DirectorySourcesTable } from "../../store/schema.ts";
import type { DirectoryAccess } from "./connect.ts";
import type { DirectorySettings } from "./settings.ts";

/** Where the service account's password is sealed: it opens for this tenant's row alone. */
export const bindPasswordContext = (tenantId: string) => `directory:${tenantId}:bind-password`;

/** The tenant's directory with its service account's password opened; undefined when none. */
export async function loadDirectory(
  ctx: Context,
  tenantId: string,
): Promise<DirectoryAccess | undefined> {
  const row = await findDirectorySource(ctx.store.db, tenantId);
  return row && accessOf(ctx, row);
}

export function accessOf(ctx: Context, row: DirectorySourcesTable): DirectoryAccess {
  const settings = parseDirectorySettings(row.settings_json);
  const bindPassword = openSealed(
    ctx.keyring,
    row.sealed_bind_password,
    bindPasswordContext(row.tenant_id),
  ).toString("utf8");
  return { settings, bindPassword };
}

/** Settings as saved; those saved before `kind` existed are OpenLDAP's. */
export function parseDirectorySettings(json: string): DirectorySettings {
  return { kind: "openldap", ...(JSON.parse(json) as Omit<DirectorySettings, "kind">) };
}
