import type { Context } from "../context.ts";
import { constantTimeEqual } from "../crypto/constant-time.ts";
import { keyedHash, keyedHashWith } from "../crypto/keyed-hash.ts";
import { isBlocked } from "../directory/is-blocked.ts";
import type { Tenant } from "../directory/types.ts";
import { upnKey } from "../directory/upn.ts";
import { secondFactorLockedUntil } from "../lockout/second-factor-lockout.ts";
import { registeredMethodCount } from "../methods/reregistration.ts";
import { passHashInput } from "../methods/temporary-access-pass/format.ts";
import { passState } from "../methods/temporary-access-pass/pass-state.ts";
import { findTemporaryAccessPass, usePass } from "../store/queries/temporary-access-passes.ts";
import { findUserCredentials } from "../store/queries/users.ts";
import { finishSignIn } from "./finish-sign-in.ts";
import { mfaRequired } from "./mfa-required.ts";
import { passwordAccepted, takePasswordAttempt } from "./password-throttle.ts";
import { openPendingSignIn } from "./pending-sign-in.ts";
import { recordSignIn, type SignInReason } from "./record-sign-in.ts";
import type { ClientInfo, SignInStep } from "./types.ts";

/**
 * Sign-in with UPN and Temporary Access Pass (seed 003), in place of password and second
 * factor: the pass satisfies MFA, and a user with too few methods goes on to register them.
 * Like the password, a wrong pass, an unknown user and a blocked user get the same answer and
 * count against the same throttle; a pass that is right but not usable says only that.
 */
export async function startTapSignIn(
  ctx: Context,
  input: { tenant: Tenant; upn: string; pass: string; client: ClientInfo },
): Promise<SignInStep> {
  const { tenant, client } = input;
  const db = ctx.store.db;
  const key = upnKey(input.upn);
  const log = (userId: string | null, result: "failure" | "interrupted", reason: SignInReason) =>
    recordSignIn(db, ctx.now(), {
      tenantId: tenant.id,
      userId,
      upn: input.upn,
      client,
      result,
      reason,
      methodKind: "temporaryAccessPass",
    });

  const { retryAt } = await takePasswordAttempt(ctx, tenant, key, client.ip);
  if (retryAt !== undefined) {
    await log(null, "failure", "throttled");
    return { kind: "throttled", retryAt };
  }
  const found = key.length <= 256 ? await findUserCredentials(db, tenant.id, key) : undefined;
  const pass = found && (await findTemporaryAccessPass(db, found.user.id));
  const typed = passHashInput(found?.user.id ?? "", input.pass.slice(0, 64));
  // The same keyed hash is computed on every path, so no path is quicker than another.
  const presented = pass
    ? keyedHashWith(ctx.keyring, pass.passHash, typed)
    : keyedHash(ctx.keyring, typed);
  const passRight = !!pass && !!presented && constantTimeEqual(presented, pass.passHash);
  const blocked = found !== undefined && isBlocked(found.user, ctx.now());
  if (!found || !pass || !passRight || blocked) {
    const reason = !found
      ? "user_not_found"
      : blocked && passRight
        ? "user_blocked"
        : "invalid_temporary_access_pass";
    await log(found?.user.id ?? null, "failure", reason);
    return { kind: "failed", reason: "invalid_credentials" };
  }
  const { user } = found;
  const now = ctx.now();
  const state = passState(pass, now);
  if (state === "notYetValid") {
    await log(user.id, "failure", "temporary_access_pass_not_yet_valid");
    return { kind: "pass_not_yet_valid", startAt: pass.startAt };
  }
  const lockedUntil = await secondFactorLockedUntil(db, now, tenant.policy, user.id);
  if (lockedUntil !== undefined) {
    await log(user.id, "failure", "locked_out");
    return { kind: "locked", until: lockedUntil, helpdeskContact: tenant.policy.helpdeskContact };
  }
  if (
    state !== "active" ||
    !(await usePass(db, { id: pass.id, usableOnce: pass.usableOnce, now }))
  ) {
    // Expired, or spent (perhaps by a sign-in a moment ago): the same answer as a wrong pass.
    await log(user.id, "failure", "temporary_access_pass_expired_or_used");
    return { kind: "failed", reason: "invalid_credentials" };
  }
  await passwordAccepted(ctx, tenant, key, client.ip);

  const required = tenant.policy.requiredMethodCount;
  const registered = await registeredMethodCount(db, user);
  if (registered < required && (await mfaRequired(ctx, tenant.policy, user.id))) {
    await log(user.id, "interrupted", "registration_required");
    const pendingToken = await openPendingSignIn(ctx, user, "register");
    return { kind: "register", pendingToken, required, registered };
  }
  if (user.passwordChangeRequiredAt !== null) {
    await log(user.id, "interrupted", "password_change_required");
    return {
      kind: "change_password",
      pendingToken: await openPendingSignIn(ctx, user, "password"),
    };
  }
  return finishSignIn(ctx, { tenant, user, mfa: "temporaryAccessPass", client });
}
