import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { seal } from "../../crypto/seal.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import {
  deleteDirectorySource,
  findDirectorySource,
  upsertDirectorySource,
} from "../../store/queries/directory-sources.ts";
import type { Tenant } from "../types.ts";
import { bindPasswordContext } from "./load-directory.ts";
import { checkDirectorySettings, type DirectorySettings } from "./settings.ts";

/**
 * Makes the tenant take its users, groups and passwords from a directory, or changes how. The
 * service account's password is sealed with the master key (as OTP seeds are); the audit entry
 * keeps the settings before and after, never the password.
 */
export async function setDirectory(
  ctx: Context,
  actor: Actor,
  tenant: Tenant,
  input: DirectorySettings & { bindPassword: string },
): Promise<DirectorySettings> {
  const settings = checkDirectorySettings(input);
  if (input.bindPassword.length === 0 || input.bindPassword.length > 1024) {
    throw new VarcoError(
      "invalid_directory_settings",
      "the bind password has 1 to 1024 characters",
    );
  }
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    const before = await findDirectorySource(tx, tenant.id);
    await upsertDirectorySource(tx, {
      tenant_id: tenant.id,
      settings_json: JSON.stringify(settings),
      sealed_bind_password: seal(
        ctx.keyring,
        Buffer.from(input.bindPassword, "utf8"),
        bindPasswordContext(tenant.id),
      ),
      sync_interval_minutes: settings.syncIntervalMinutes,
      sync_claimed_at: null,
      last_sync_at: null,
      last_sync_result: null,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Set user directory",
        targetType: "tenant",
        targetId: tenant.id,
        details: {
          before: before ? publicSettings(JSON.parse(before.settings_json)) : null,
          after: publicSettings(settings),
        },
      },
    );
  });
  return settings;
}

/** Takes the tenant off its directory: passwords are Varco's own again. */
export async function removeDirectory(ctx: Context, actor: Actor, tenant: Tenant): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    if (!(await deleteDirectorySource(tx, tenant.id))) {
      throw new VarcoError("directory_not_configured", `tenant '${tenant.name}' has no directory`);
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Remove user directory",
        targetType: "tenant",
        targetId: tenant.id,
      },
    );
  });
}

/** The settings as shown and audited: the CA as its fingerprint, not the whole PEM. */
export function publicSettings(settings: DirectorySettings): Record<string, unknown> {
  const { caPem, ...rest } = settings;
  return { ...rest, caCertificate: caPem ? "configured" : "system store" };
}
