import { recordAudit } from "../../audit/record-audit.ts";
import type { Actor, Context } from "../../context.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { listGroupIdsOfUser } from "../../store/queries/directory-sources.ts";
import {
  deleteGroupMember,
  type Group,
  insertGroupMember,
  listGroups,
} from "../../store/queries/groups.ts";
import { findUserByUpn } from "../../store/queries/users.ts";
import { setUserBlocked } from "../block-user.ts";
import { createGroup } from "../create-group.ts";
import { createUser } from "../create-user.ts";
import type { Tenant, User } from "../types.ts";
import { updateUser } from "../update-user.ts";
import { upnKey } from "../upn.ts";
import type { DirectoryEntry } from "./directory-entry.ts";
import type { DirectoryGroups } from "./read-groups.ts";

/** Who makes the changes a directory brings, in the audit log. */
export const directoryActor: Actor = { type: "system", id: null, name: "directory" };

/** The reasons of the blocks a directory sets: only these does it lift again. */
export const disabledInDirectory = "Disabled in the directory";
export const goneFromDirectory = "Not in the directory";
const directoryBlocks: readonly string[] = [disabledInDirectory, goneFromDirectory];

/** What applying an entry changed, for a sync's summary. */
export type Applied = {
  readonly user: User | undefined;
  readonly created: boolean;
  readonly updated: boolean;
  readonly disabled: boolean;
  readonly enabled: boolean;
  readonly membershipsChanged: number;
};

/**
 * Makes the Varco user match the directory's entry: created when missing (unless disabled),
 * profile updated, blocked when disabled there, unblocked when enabled there again (only a
 * block the directory set: an administrator's stays), and group memberships as the directory
 * has them. Each change is audited, with the directory as the actor. `groups` maps group names
 * to Varco groups, filled as groups are made; undefined: read from the store.
 */
export async function applyDirectoryUser(
  ctx: Context,
  tenant: Tenant,
  entry: DirectoryEntry,
  state: {
    disabled: boolean;
    groups: DirectoryGroups;
    existing?: User | undefined;
    varcoGroups?: Map<string, Group> | undefined;
  },
): Promise<Applied> {
  let user = state.existing ?? (await findUserByUpn(ctx.store.db, tenant.id, upnKey(entry.upn)));
  let created = false;
  if (!user) {
    if (state.disabled) return none;
    try {
      user = await createUser(ctx, directoryActor, tenant, {
        upn: entry.upn,
        displayName: entry.displayName,
        mail: entry.mail,
        mobilePhone: entry.mobilePhone,
        department: entry.department,
      });
      created = true;
    } catch (error) {
      // A first sign-in on two instances at once: the other one created the user.
      if (!isVarcoError(error, "user_exists")) throw error;
      user = await findUserByUpn(ctx.store.db, tenant.id, upnKey(entry.upn));
      if (!user) throw error;
    }
  }
  const before = user;
  if (!created) {
    user = await updateUser(ctx, directoryActor, user, {
      displayName: entry.displayName,
      mail: entry.mail,
      mobilePhone: entry.mobilePhone,
      department: entry.department,
    });
  }
  const updated = user !== before;
  let disabled = false;
  let enabled = false;
  if (state.disabled && !user.blocked) {
    user = await setUserBlocked(ctx, directoryActor, user, {
      blocked: true,
      reason: disabledInDirectory,
    });
    disabled = true;
  } else if (
    !state.disabled &&
    user.blocked &&
    user.blockedUntil === null &&
    directoryBlocks.includes(user.blockedReason ?? "")
  ) {
    user = await setUserBlocked(ctx, directoryActor, user, {
      blocked: false,
      reason: "Enabled in the directory",
    });
    enabled = true;
  }
  const membershipsChanged = state.groups
    ? await applyMemberships(ctx, tenant, user, state.groups, state.varcoGroups)
    : 0;
  return { user, created, updated, disabled, enabled, membershipsChanged };
}

const none: Applied = {
  user: undefined,
  created: false,
  updated: false,
  disabled: false,
  enabled: false,
  membershipsChanged: 0,
};

/**
 * The user's memberships of the directory's groups, as the directory has them: a group the user
 * is in is made in Varco if missing; a directory group the user left loses them. Groups that
 * exist only in Varco are not touched.
 */
async function applyMemberships(
  ctx: Context,
  tenant: Tenant,
  user: User,
  groups: NonNullable<DirectoryGroups>,
  known: Map<string, Group> | undefined,
): Promise<number> {
  const byName =
    known ?? new Map((await listGroups(ctx.store.db, tenant.id)).map((g) => [g.name, g]));
  const current = await listGroupIdsOfUser(ctx.store.db, user.id);
  const memberOf = new Set(groups.memberOf);
  const changes: { group: Group; member: boolean }[] = [];
  for (const name of memberOf) {
    let group = byName.get(name);
    if (!group) {
      group = await ensureGroup(ctx, tenant, name);
      byName.set(name, group);
    }
    if (!current.has(group.id)) changes.push({ group, member: true });
  }
  for (const name of groups.all) {
    const group = byName.get(name);
    if (group && !memberOf.has(name) && current.has(group.id)) {
      changes.push({ group, member: false });
    }
  }
  if (changes.length === 0) return 0;
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    for (const { group, member } of changes) {
      const changed = member
        ? await insertGroupMember(tx, group.id, user.id)
        : await deleteGroupMember(tx, group.id, user.id);
      if (!changed) continue;
      await recordAudit(
        tx,
        { now, actor: directoryActor, keyring: ctx.keyring },
        {
          tenantId: tenant.id,
          action: member ? "Add member to group" : "Remove member from group",
          targetType: "group",
          targetId: group.id,
          details: { group: group.name, upn: user.upn, userId: user.id },
        },
      );
    }
  });
  return changes.length;
}

/** The Varco group of a directory group's name, made now if missing (or by another instance). */
export async function ensureGroup(ctx: Context, tenant: Tenant, name: string): Promise<Group> {
  try {
    return await createGroup(ctx, directoryActor, tenant, name);
  } catch (error) {
    if (!isVarcoError(error, "group_exists")) throw error;
    const found = (await listGroups(ctx.store.db, tenant.id)).find((g) => g.name === name);
    if (!found) throw error;
    return found;
  }
}
