import type { Context } from "../context.ts";
import { dummyPasswordHash, verifyPassword } from "../crypto/password.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import type { Tenant, User } from "../directory/types.ts";
import { upnKey } from "../directory/upn.ts";
import { secondFactorLockedUntil } from "../lockout/second-factor-lockout.ts";
import { ipInRanges } from "../network/ip-ranges.ts";
import { recogniseDevice } from "../remembered-devices/recognise-device.ts";
import { countUnusedBackupCodes } from "../store/queries/backup-codes.ts";
import { listActiveOathSecrets } from "../store/queries/methods.ts";
import { findUserCredentials } from "../store/queries/users.ts";
import { finishSignIn } from "./finish-sign-in.ts";
import { mfaRequired } from "./mfa-required.ts";
import { passwordAccepted, takePasswordAttempt } from "./password-throttle.ts";
import { openPendingSignIn } from "./pending-sign-in.ts";
import { recordSignIn } from "./record-sign-in.ts";
import type { ClientInfo, SignInStep } from "./types.ts";

/**
 * Stage 1 of the sign-in state machine: UPN and password. An unknown user, a blocked user, a
 * user without a password and a wrong password take the same path (a full argon2id check) and
 * get the same answer; only the sign-in log tells them apart.
 */
export async function startSignIn(
  ctx: Context,
  input: {
    tenant: Tenant;
    upn: string;
    password: string;
    rememberedDeviceToken: string | null;
    client: ClientInfo;
  },
): Promise<SignInStep> {
  const { tenant, client } = input;
  const key = upnKey(input.upn);
  const log = (userId: string | null, reason: Parameters<typeof recordSignIn>[2]["reason"]) =>
    recordSignIn(ctx.store.db, ctx.now(), {
      tenantId: tenant.id,
      userId,
      upn: input.upn,
      client,
      result: "failure",
      reason,
    });

  const { retryAt } = await takePasswordAttempt(ctx, tenant, key, client.ip);
  if (retryAt !== undefined) {
    await log(null, "throttled");
    return { kind: "throttled", retryAt };
  }
  const found =
    key.length <= 256 ? await findUserCredentials(ctx.store.db, tenant.id, key) : undefined;
  const hash = found?.passwordHash ?? (await dummyPasswordHash());
  const passwordRight = await verifyPassword(hash, input.password.slice(0, 1024));
  const blocked = found !== undefined && isBlocked(found.user, ctx.now());
  if (!found?.passwordHash || !passwordRight || blocked) {
    const reason = !found
      ? "user_not_found"
      : blocked && passwordRight
        ? "user_blocked"
        : "invalid_password";
    await log(found?.user.id ?? null, reason);
    return { kind: "failed", reason: "invalid_credentials" };
  }
  await passwordAccepted(ctx, tenant, key, client.ip);
  return afterPassword(ctx, tenant, found.user, input.rememberedDeviceToken, client);
}

/** Stage 2 begins: skip MFA where the policy allows, or ask for a second factor or registration. */
async function afterPassword(
  ctx: Context,
  tenant: Tenant,
  user: User,
  rememberedDeviceToken: string | null,
  client: ClientInfo,
): Promise<SignInStep> {
  const policy = tenant.policy;
  // A password change asked for by high risk comes after MFA: nothing skips MFA then.
  const mayskip = user.passwordChangeRequiredAt === null;
  if (mayskip && !(await mfaRequired(ctx, policy, user.id))) {
    return finishSignIn(ctx, { tenant, user, mfa: "notRequired", client });
  }
  if (mayskip && ipInRanges(client.ip, policy.trustedIpRanges)) {
    return finishSignIn(ctx, { tenant, user, mfa: "trustedIp", client });
  }
  if (mayskip && policy.rememberDeviceDays > 0) {
    const rotatedDevice = await recogniseDevice(ctx, user.id, rememberedDeviceToken);
    if (rotatedDevice)
      return finishSignIn(ctx, { tenant, user, mfa: "rememberedDevice", client, rotatedDevice });
  }
  const db = ctx.store.db;
  const methods = await listActiveOathSecrets(db, user.id);
  const interrupted = (reason: "mfa_required" | "registration_required") =>
    recordSignIn(db, ctx.now(), {
      tenantId: tenant.id,
      userId: user.id,
      upn: user.upn,
      client,
      result: "interrupted",
      reason,
    });
  if (methods.length === 0) {
    await interrupted("registration_required");
    const pendingToken = await openPendingSignIn(ctx, user, "register");
    return { kind: "register", pendingToken, required: policy.requiredMethodCount, registered: 0 };
  }
  const lockedUntil = await secondFactorLockedUntil(db, ctx.now(), policy, user.id);
  if (lockedUntil !== undefined) {
    return { kind: "locked", until: lockedUntil, helpdeskContact: policy.helpdeskContact };
  }
  await interrupted("mfa_required");
  return {
    kind: "second_factor",
    pendingToken: await openPendingSignIn(ctx, user, "mfa"),
    methods: methods.map(({ id, label, isDefault, failedAttempts }) => ({
      id,
      label,
      isDefault,
      failedAttempts,
    })),
    backupCodesLeft: await countUnusedBackupCodes(db, user.id),
    rememberDeviceDays: policy.rememberDeviceDays,
    canReport: policy.reportSuspiciousActivity,
  };
}
