import type { Context } from "../context.ts";
import { reregistrationDone } from "../methods/reregistration.ts";
import {
  finishPendingSignIn,
  setPendingStage,
  takePendingAttempt,
} from "../store/queries/pending-sign-ins.ts";
import { finishSignIn } from "./finish-sign-in.ts";
import { loadPendingSignIn, pendingSignInAttempts } from "./pending-sign-in.ts";
import { recordSignIn } from "./record-sign-in.ts";
import type { ClientInfo, SignInStep } from "./types.ts";
import { type SecondFactorProof, verifySecondFactor } from "./verify-second-factor.ts";

/**
 * Stage 2: a code from an authenticator app (the entry the user picked) or a backup code. A
 * wrong code shows the prompt again; the pending sign-in's own budget and the user's lockout
 * bound the guesses. Success ends the pending sign-in once, then either starts the session or,
 * when the tenant wants more methods than the user has, continues to registration.
 */
export async function submitSecondFactor(
  ctx: Context,
  input: {
    pendingToken: string | undefined;
    proof: SecondFactorProof;
    rememberThisDevice: boolean;
    client: ClientInfo;
  },
): Promise<SignInStep> {
  const loaded = await loadPendingSignIn(ctx, input.pendingToken);
  if (loaded?.pending.stage !== "mfa" || !input.pendingToken) return { kind: "expired" };
  const { pending, user, tenant, methods, registered } = loaded;
  const db = ctx.store.db;
  const log = (
    result: "success" | "failure" | "interrupted",
    reason: Parameters<typeof recordSignIn>[2]["reason"],
    methodId?: string | null,
  ) =>
    recordSignIn(db, ctx.now(), {
      tenantId: tenant.id,
      userId: user.id,
      upn: user.upn,
      client: input.client,
      result,
      reason,
      methodId: methodId ?? null,
      methodKind: input.proof.kind === "code" ? "softwareOath" : "backupCode",
    });
  if (!(await takePendingAttempt(db, pending.id, pendingSignInAttempts))) {
    await finishPendingSignIn(db, pending.id, ctx.now());
    await log("failure", "sign_in_expired");
    return { kind: "expired" };
  }
  const check = await verifySecondFactor(ctx, tenant.policy, user.id, methods, input.proof);
  if (!check.ok) {
    const methodId = input.proof.kind === "code" ? (input.proof.methodId ?? null) : null;
    await log(
      "failure",
      check.reason === "locked_out"
        ? "locked_out"
        : check.reason === "code_reused"
          ? "code_reused"
          : "invalid_code",
      methodId,
    );
    if (check.lockedUntil !== undefined) {
      return {
        kind: "locked",
        until: check.lockedUntil,
        helpdeskContact: tenant.policy.helpdeskContact,
      };
    }
    const reloaded = await loadPendingSignIn(ctx, input.pendingToken);
    return {
      kind: "second_factor",
      pendingToken: input.pendingToken,
      methods: reloaded?.choices ?? loaded.choices,
      backupCodesLeft: reloaded?.backupCodesLeft ?? loaded.backupCodesLeft,
      rememberDeviceDays: tenant.policy.rememberDeviceDays,
      canReport: tenant.policy.reportSuspiciousActivity,
      error: "invalid_code",
    };
  }
  const mfa = check.by;
  if (user.passwordChangeRequiredAt !== null) {
    await setPendingStage(db, pending.id, "password");
    await log("interrupted", "password_change_required");
    return { kind: "change_password", pendingToken: input.pendingToken };
  }
  if (registered < tenant.policy.requiredMethodCount) {
    // Verified, but the tenant wants more methods, or an administrator wants them registered
    // again: registration continues on the same sign-in.
    await setPendingStage(db, pending.id, "register");
    return {
      kind: "register",
      pendingToken: input.pendingToken,
      required: tenant.policy.requiredMethodCount,
      registered,
    };
  }
  if (!(await finishPendingSignIn(db, pending.id, ctx.now()))) return { kind: "expired" };
  // Methods registered since re-registration was required (on the security info page) count.
  await reregistrationDone(db, user);
  return finishSignIn(ctx, {
    tenant,
    user,
    mfa,
    client: input.client,
    rememberThisDevice: input.rememberThisDevice,
    methodId: check.methodId,
    methodKind: check.methodKind,
  });
}
