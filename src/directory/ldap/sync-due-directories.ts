import type { Context } from "../../context.ts";
import { errorCodes } from "../../errors/codes.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import {
  claimDirectorySync,
  listDueDirectorySources,
  recordDirectorySync,
} from "../../store/queries/directory-sources.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import { type SyncSummary, syncDirectory } from "./sync-directory.ts";

/** One tenant's periodic sync: what it did, or why it failed. */
export type DueSync = { tenant: string } & ({ summary: SyncSummary } | { error: string });

/**
 * Runs the periodic sync of every directory whose interval has passed. Each is first taken by a
 * conditional update, so that of several instances sharing the database only one syncs it. A
 * failure is recorded with the directory (`varco tenant directory show`) and does not stop the
 * others.
 */
export async function syncDueDirectories(ctx: Context): Promise<DueSync[]> {
  const done: DueSync[] = [];
  for (const due of await listDueDirectorySources(ctx.store.db, ctx.now())) {
    if (!(await claimDirectorySync(ctx.store.db, due.tenantId, due.claimedAt, ctx.now()))) continue;
    const tenant = await findTenantById(ctx.store.db, due.tenantId);
    if (!tenant) continue;
    try {
      done.push({ tenant: tenant.name, summary: await syncDirectory(ctx, tenant) });
    } catch (error) {
      const code = isVarcoError(error) ? error.code : "internal_error";
      const detail = isVarcoError(error)
        ? (error.detail ?? errorCodes[error.code].en)
        : String(error);
      await recordDirectorySync(ctx.store.db, tenant.id, ctx.now(), { ok: false, code, detail });
      done.push({ tenant: tenant.name, error: `${code}: ${detail}` });
    }
  }
  return done;
}
