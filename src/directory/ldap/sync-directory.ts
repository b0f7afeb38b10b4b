import { recordAudit } from "../../audit/record-audit.ts";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { recordDirectorySync } from "../../store/queries/directory-sources.ts";
import { listGroups } from "../../store/queries/groups.ts";
import { listUsers } from "../../store/queries/users.ts";
import { setUserBlocked } from "../block-user.ts";
import type { Tenant } from "../types.ts";
import { upnKey } from "../upn.ts";
import {
  applyDirectoryUser,
  directoryActor,
  ensureGroup,
  goneFromDirectory,
} from "./apply-directory-user.ts";
import { closeQuietly, connectDirectory, unavailable } from "./connect.ts";
import { dnKey, readDirectoryEntry, userAttributes } from "./directory-entry.ts";
import { loadDirectory } from "./load-directory.ts";
import { readAllGroups } from "./read-groups.ts";

/** What a sync did, as `varco tenant directory sync` prints it and the audit log keeps it. */
export type SyncSummary = {
  readonly users: number;
  readonly created: number;
  readonly updated: number;
  readonly disabled: number;
  readonly enabled: number;
  /** Entries without a UPN Varco accepts, left out. */
  readonly skipped: number;
  readonly groups: number;
  readonly groupsCreated: number;
  readonly membershipsChanged: number;
};

/**
 * Brings the tenant's users and groups in step with its directory: users created, profiles
 * updated, users disabled or gone there blocked (and unblocked when back), every directory group
 * made in Varco, memberships as the directory has them, so that "MFA for the members of a group"
 * follows the directory. The directory is read first, as a whole; a directory that returns no
 * user at all changes nothing (a wrong base DN must not block everyone). One audit entry sums
 * the sync up; each change has its own.
 */
export async function syncDirectory(ctx: Context, tenant: Tenant): Promise<SyncSummary> {
  const access = await loadDirectory(ctx, tenant.id);
  if (!access) {
    throw new VarcoError("directory_not_configured", `tenant '${tenant.name}' has no directory`);
  }
  const { settings } = access;
  const client = await connectDirectory(access);
  let read: Awaited<ReturnType<typeof readDirectory>>;
  try {
    read = await readDirectory(client, settings);
  } catch (error) {
    throw unavailable(error, "sync");
  } finally {
    await closeQuietly(client);
  }
  const { entries, disabledDns, groups } = read;
  if (entries.length === 0) {
    throw new VarcoError(
      "directory_sync_empty",
      `no entry under '${settings.userBaseDn}' matches ${settings.userFilter}`,
    );
  }
  const varcoGroups = new Map((await listGroups(ctx.store.db, tenant.id)).map((g) => [g.name, g]));
  let groupsCreated = 0;
  for (const name of groups?.keys() ?? []) {
    if (varcoGroups.has(name)) continue;
    varcoGroups.set(name, await ensureGroup(ctx, tenant, name));
    groupsCreated++;
  }
  const varcoUsers = new Map(
    (await listUsers(ctx.store.db, tenant.id)).map((u) => [upnKey(u.upn), u]),
  );
  const seen = new Set<string>();
  const counts = { created: 0, updated: 0, disabled: 0, enabled: 0, membershipsChanged: 0 };
  let skipped = 0;
  for (const raw of entries) {
    const entry = readDirectoryEntry(settings, raw);
    if (!entry || seen.has(upnKey(entry.upn))) {
      skipped++;
      continue;
    }
    seen.add(upnKey(entry.upn));
    const key = dnKey(entry.dn);
    const applied = await applyDirectoryUser(ctx, tenant, entry, {
      disabled: disabledDns.has(key),
      existing: varcoUsers.get(upnKey(entry.upn)),
      varcoGroups,
      groups: groups && {
        all: [...groups.keys()],
        memberOf: [...groups].filter(([, members]) => members.has(key)).map(([name]) => name),
      },
    });
    if (applied.created) counts.created++;
    if (applied.updated) counts.updated++;
    if (applied.disabled) counts.disabled++;
    if (applied.enabled) counts.enabled++;
    counts.membershipsChanged += applied.membershipsChanged;
  }
  for (const [key, user] of varcoUsers) {
    if (seen.has(key) || user.blocked) continue;
    await setUserBlocked(ctx, directoryActor, user, { blocked: true, reason: goneFromDirectory });
    counts.disabled++;
  }
  const summary: SyncSummary = {
    users: seen.size,
    ...counts,
    skipped,
    groups: groups?.size ?? 0,
    groupsCreated,
  };
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await recordDirectorySync(tx, tenant.id, now, { ok: true, ...summary });
    await recordAudit(
      tx,
      { now, actor: directoryActor, keyring: ctx.keyring },
      {
        tenantId: tenant.id,
        action: "Sync user directory",
        targetType: "tenant",
        targetId: tenant.id,
        details: { ...summary },
      },
    );
  });
  return summary;
}

/** Every user entry, the DNs of the disabled ones, and the groups with their members. */
async function readDirectory(
  client: Awaited<ReturnType<typeof connectDirectory>>,
  settings: NonNullable<Awaited<ReturnType<typeof loadDirectory>>>["settings"],
) {
  const { searchEntries: entries } = await client.search(settings.userBaseDn, {
    scope: "sub",
    filter: settings.userFilter,
    attributes: userAttributes(settings),
    paged: true,
  });
  const disabledDns = new Set<string>();
  if (settings.disabledFilter) {
    const { searchEntries } = await client.search(settings.userBaseDn, {
      scope: "sub",
      filter: `(&${settings.userFilter}${settings.disabledFilter})`,
      attributes: ["1.1"],
      paged: true,
    });
    for (const entry of searchEntries) disabledDns.add(dnKey(entry.dn));
  }
  const groups = await readAllGroups(client, settings);
  return { entries, disabledDns, groups };
}
