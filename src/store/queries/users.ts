import type { User } from "../../directory/types.ts";
import {
  isPreferredPhoneMethod,
  type PreferredPhoneMethod,
} from "../../methods/phone/preferred-phone-method.ts";
import type { Db } from "../open-store.ts";
import { preparedQuery } from "../prepared-query.ts";
import type { UsersTable } from "../schema.ts";
import type { WriteBatch } from "../write-batch.ts";

export async function insertUser(db: Db, row: UsersTable): Promise<void> {
  await db.insertInto("users").values(row).execute();
}

export async function findUserByUpn(
  db: Db,
  tenantId: string,
  upnKey: string,
): Promise<User | undefined> {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .where("upn_key", "=", upnKey)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function listUsers(db: Db, tenantId: string): Promise<User[]> {
  const rows = await db
    .selectFrom("users")
    .selectAll()
    .where("tenant_id", "=", tenantId)
    .orderBy("upn_key")
    .execute();
  return rows.map(toUser);
}

export async function updatePasswordHash(
  db: Db,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash })
    .where("id", "=", userId)
    .execute();
}

/**
 * Whether the user must choose a new password at the next sign-in (Graph's
 * forceChangePasswordNextSignIn): when it was asked, or null to clear it.
 */
export async function setPasswordChangeForced(
  db: Db,
  userId: string,
  at: number | null,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_change_forced_at: at })
    .where("id", "=", userId)
    .execute();
}

/**
 * Blocks (with a reason, and an end for a block that lifts itself) or unblocks a user. Every
 * write sets all three, so a block never inherits the end of an earlier one.
 */
export async function updateBlocked(
  db: Db,
  userId: string,
  block: { reason: string; until: number | null } | null,
): Promise<void> {
  await db
    .updateTable("users")
    .set({
      blocked: block ? 1 : 0,
      blocked_reason: block?.reason ?? null,
      blocked_until: block?.until ?? null,
    })
    .where("id", "=", userId)
    .execute();
}

export function toUser(row: UsersTable): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    upn: row.upn,
    displayName: row.display_name,
    blocked: row.blocked === 1,
    blockedReason: row.blocked_reason,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
    reregisterRequiredAt: row.reregister_required_at ?? null,
    blockedUntil: row.blocked_until == null ? null : Number(row.blocked_until),
    passwordChangeRequiredAt:
      row.password_change_required_at == null ? null : Number(row.password_change_required_at),
    passwordChangeForcedAt:
      row.password_change_forced_at == null ? null : Number(row.password_change_forced_at),
    mail: row.mail ?? null,
    mobilePhone: row.mobile_phone ?? null,
    department: row.department ?? null,
    preferredPhoneMethod: isPreferredPhoneMethod(row.preferred_phone_method)
      ? row.preferred_phone_method
      : null,
  };
}

export async function setReregisterRequired(
  db: Db,
  userId: string,
  at: number | null,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ reregister_required_at: at })
    .where("id", "=", userId)
    .execute();
}

/**
 * Serialises changes to one user's methods (e.g. the 5-method limit) inside a transaction.
 * PostgreSQL takes a row lock; SQLite already runs one write transaction at a time.
 */
export async function lockUser(db: Db, kind: "sqlite" | "postgres", userId: string): Promise<void> {
  if (kind !== "postgres") return;
  await db.selectFrom("users").select("id").where("id", "=", userId).forUpdate().execute();
}

const updateLastSignInAt = preparedQuery((db, args: { id: string; now: number }) =>
  db.updateTable("users").set({ last_sign_in_at: args.now }).where("id", "=", args.id),
);

export async function updateLastSignIn(
  db: Db,
  userId: string,
  now: number,
  later?: WriteBatch,
): Promise<void> {
  if (later) later.add(updateLastSignInAt, { id: userId, now });
  else await updateLastSignInAt(db, { id: userId, now });
}

const selectUserById = preparedQuery((db, args: { id: string }) =>
  db.selectFrom("users").selectAll().where("id", "=", args.id),
);

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const row = (await selectUserById(db, { id })).rows[0];
  return row && toUser(row);
}

const selectUserByUpn = preparedQuery((db, args: { tenantId: string; upnKey: string }) =>
  db
    .selectFrom("users")
    .selectAll()
    .where("tenant_id", "=", args.tenantId)
    .where("upn_key", "=", args.upnKey),
);

/** A user with their password hash, for checking a password at sign-in. */
export async function findUserCredentials(
  db: Db,
  tenantId: string,
  upnKey: string,
): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const row = (await selectUserByUpn(db, { tenantId, upnKey })).rows[0];
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

/** Sets the profile properties given (Graph's displayName, mail, mobilePhone, department). */
export async function updateUserProfile(
  db: Db,
  userId: string,
  profile: {
    displayName?: string;
    mail?: string | null;
    mobilePhone?: string | null;
    department?: string | null;
  },
): Promise<void> {
  const set: Partial<UsersTable> = {
    ...(profile.displayName !== undefined ? { display_name: profile.displayName } : {}),
    ...(profile.mail !== undefined ? { mail: profile.mail } : {}),
    ...(profile.mobilePhone !== undefined ? { mobile_phone: profile.mobilePhone } : {}),
    ...(profile.department !== undefined ? { department: profile.department } : {}),
  };
  if (Object.keys(set).length === 0) return;
  await db.updateTable("users").set(set).where("id", "=", userId).execute();
}

/**
 * Deletes a user and everything that lets them sign in: methods, backup codes, Temporary Access
 * Pass, sessions, remembered devices, pending sign-ins, group memberships and risk (the foreign
 * keys cascade; each is also deleted here so the list is readable), role assignments (no foreign
 * key: a principal may be an API client) and the failure counter. Hardware tokens are released
 * first (release-tokens.ts). The sign-in log and the audit log keep their entries. True when the
 * user existed.
 */
export async function deleteUserRow(db: Db, userId: string, counterKey: string): Promise<boolean> {
  return (await deleteUserRows(db, [userId], [counterKey])) > 0;
}

/**
 * Deletes users and everything that is theirs but the logs (the sign-in log and the audit log
 * keep their entries): a few statements whatever the number of users. Returns how many users
 * were deleted.
 */
export async function deleteUserRows(
  db: Db,
  userIds: readonly string[],
  counterKeys: readonly string[],
): Promise<number> {
  if (userIds.length === 0) return 0;
  for (const table of [
    "auth_methods",
    "backup_codes",
    "temporary_access_passes",
    "sessions",
    "remembered_devices",
    "pending_sign_ins",
    "group_members",
    "risk_detections",
    "risky_users",
    "campaign_users",
    "phone_methods",
  ] as const) {
    await db.deleteFrom(table).where("user_id", "in", userIds).execute();
  }
  await db
    .deleteFrom("role_assignments")
    .where("principal_type", "=", "user")
    .where("principal_id", "in", userIds)
    .execute();
  await db.deleteFrom("counters").where("key", "in", counterKeys).execute();
  const result = await db.deleteFrom("users").where("id", "in", userIds).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Sets the phone the user signs in with by default, or null for the default app. */
export async function setPreferredPhoneMethod(
  db: Db,
  userId: string,
  preference: PreferredPhoneMethod | null,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ preferred_phone_method: preference })
    .where("id", "=", userId)
    .execute();
}

/**
 * Lets the preference fall back to the default app when it is one of `preferences` (those a
 * deleted or changed phone can no longer serve); true when it did.
 */
export async function clearPreferredPhoneMethod(
  db: Db,
  userId: string,
  preferences: readonly PreferredPhoneMethod[],
): Promise<boolean> {
  if (preferences.length === 0) return false;
  const result = await db
    .updateTable("users")
    .set({ preferred_phone_method: null })
    .where("id", "=", userId)
    .where("preferred_phone_method", "in", preferences)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
