import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { regenerateBackupCodes } from "../methods/backup-codes/regenerate.ts";
import { registeredMethodCount, reregistrationDone } from "../methods/reregistration.ts";
import { activateSoftwareOath } from "../methods/software-oath/activate.ts";
import { enrolSoftwareOath, type SoftwareOathEnrolment } from "../methods/software-oath/enrol.ts";
import { countUnusedBackupCodes } from "../store/queries/backup-codes.ts";
import { finishPendingSignIn, takePendingAttempt } from "../store/queries/pending-sign-ins.ts";
import { finishSignIn } from "./finish-sign-in.ts";
import { type LoadedSignIn, loadPendingSignIn, pendingSignInAttempts } from "./pending-sign-in.ts";
import type { ClientInfo, SignInStep } from "./types.ts";
import { userActor } from "./user-actor.ts";

/**
 * "Protect your account" (seed 000): a user who must use MFA and lacks methods registers them
 * before any session starts. The pending sign-in, in its register stage, is what allows it.
 */
export async function loadRegistration(
  ctx: Context,
  pendingToken: string | undefined,
): Promise<LoadedSignIn> {
  const loaded = await loadPendingSignIn(ctx, pendingToken);
  if (loaded?.pending.stage !== "register") throw new VarcoError("sign_in_expired");
  return loaded;
}

export async function beginRegistrationEnrolment(
  ctx: Context,
  input: { pendingToken: string | undefined; label: string; client: ClientInfo },
): Promise<SoftwareOathEnrolment> {
  const { user, tenant } = await loadRegistration(ctx, input.pendingToken);
  return enrolSoftwareOath(ctx, userActor(user, input.client), tenant, user, {
    label: input.label,
  });
}

/**
 * Activates the app just enrolled with a code from it. After the user's first method come the
 * backup codes (seed 004); once the tenant's number of methods is reached, the session starts.
 */
export async function completeRegistrationEnrolment(
  ctx: Context,
  input: { pendingToken: string | undefined; methodId: string; code: string; client: ClientInfo },
): Promise<SignInStep> {
  const { pending, user, tenant } = await loadRegistration(ctx, input.pendingToken);
  const db = ctx.store.db;
  if (!(await takePendingAttempt(db, pending.id, pendingSignInAttempts))) {
    await finishPendingSignIn(db, pending.id, ctx.now());
    throw new VarcoError("sign_in_expired", "too many wrong codes");
  }
  const actor = userActor(user, input.client);
  await activateSoftwareOath(ctx, actor, tenant, user, {
    methodId: input.methodId,
    code: input.code,
  });
  const registered = await registeredMethodCount(db, user);
  const backupCodes =
    (await countUnusedBackupCodes(db, user.id)) === 0
      ? await regenerateBackupCodes(ctx, actor, user)
      : undefined;
  if (registered < tenant.policy.requiredMethodCount) {
    return {
      kind: "register",
      pendingToken: input.pendingToken as string,
      required: tenant.policy.requiredMethodCount,
      registered,
      ...(backupCodes ? { backupCodes } : {}),
    };
  }
  if (!(await finishPendingSignIn(db, pending.id, ctx.now())))
    throw new VarcoError("sign_in_expired");
  await reregistrationDone(db, user);
  return finishSignIn(ctx, {
    tenant,
    user,
    mfa: "registration",
    client: input.client,
    methodId: input.methodId,
    ...(backupCodes ? { backupCodes } : {}),
  });
}
