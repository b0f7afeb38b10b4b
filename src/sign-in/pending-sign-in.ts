import { randomUUID } from "node:crypto";
import type { Context } from "../context.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import type { Tenant, User } from "../directory/types.ts";
import { registeredMethodCount } from "../methods/reregistration.ts";
import { countUnusedBackupCodes } from "../store/queries/backup-codes.ts";
import { listActiveOathSecrets, type OathSecretRow } from "../store/queries/methods.ts";
import {
  findLivePendingSignIn,
  insertPendingSignIn,
  type PendingSignIn,
} from "../store/queries/pending-sign-ins.ts";
import { findTenantById } from "../store/queries/tenants.ts";
import { findUserById } from "../store/queries/users.ts";
import { issueToken, tokenHashes } from "./tokens.ts";
import type { MethodChoice } from "./types.ts";

/** A pending sign-in lives about 10 minutes: time to find the phone, not to leave it open. */
export const pendingSignInMs = 10 * 60_000;
/** Wrong codes one pending sign-in may try before the user must type the password again. */
export const pendingSignInAttempts = 5;

export async function openPendingSignIn(
  ctx: Context,
  user: User,
  stage: PendingSignIn["stage"],
): Promise<string> {
  const now = ctx.now();
  const { token, hash } = issueToken(ctx.keyring, "pending-sign-in");
  await insertPendingSignIn(ctx.store.db, {
    id: randomUUID(),
    token_hash: hash,
    tenant_id: user.tenantId,
    user_id: user.id,
    stage,
    attempts: 0,
    created_at: now,
    expires_at: now + pendingSignInMs,
    done_at: null,
  });
  return token;
}

export type LoadedSignIn = {
  readonly pending: PendingSignIn;
  readonly user: User;
  readonly tenant: Tenant;
  readonly methods: readonly OathSecretRow[];
  readonly choices: readonly MethodChoice[];
  readonly backupCodesLeft: number;
  /** Methods counting towards the tenant's required number (see registeredMethodCount). */
  readonly registered: number;
};

/** The live pending sign-in a cookie token names, with what the next page needs. */
export async function loadPendingSignIn(
  ctx: Context,
  token: string | undefined,
): Promise<LoadedSignIn | undefined> {
  if (!token) return undefined;
  const db = ctx.store.db;
  const pending = await findLivePendingSignIn(
    db,
    tokenHashes(ctx.keyring, "pending-sign-in", token),
    ctx.now(),
  );
  if (!pending) return undefined;
  const [user, tenant, methods, backupCodesLeft] = await Promise.all([
    findUserById(db, pending.userId),
    findTenantById(db, pending.tenantId),
    listActiveOathSecrets(db, pending.userId),
    countUnusedBackupCodes(db, pending.userId),
  ]);
  if (!user || !tenant || isBlocked(user, ctx.now())) return undefined;
  const registered =
    user.reregisterRequiredAt === null ? methods.length : await registeredMethodCount(db, user);
  const choices = methods.map(({ id, label, isDefault, failedAttempts }) => ({
    id,
    label,
    isDefault,
    failedAttempts,
  }));
  return { pending, user, tenant, methods, choices, backupCodesLeft, registered };
}
