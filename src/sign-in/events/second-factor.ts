import type { Context } from "../../context.ts";
import { takePendingAttempt } from "../../store/queries/pending-sign-ins.ts";
import { pendingSignInAttempts } from "../pending-sign-in.ts";
import { verifySecondFactor } from "../verify-second-factor.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * A code from an authenticator app or a hardware token (the entry the user picked), or a backup
 * code. The pending sign-in's own budget takes the attempt first, then the user's lockout
 * (verifySecondFactor); a code is accepted once (invariant 1), claimed with the step it allows.
 */
export async function applySecondFactor(
  ctx: Context,
  { pending, tenant, user, methods }: Continuing,
  event: Extract<ContinuationEvent, { type: "secondFactor" }>,
): Promise<Applied> {
  const { facts } = pending;
  const { proof } = event;
  const chosen = proof.kind === "code" ? (proof.methodId ?? null) : null;
  const logMethod = { id: chosen, kind: proof.kind === "code" ? "softwareOath" : "backupCode" };
  if (!(await takePendingAttempt(ctx.store.db, pending.id, pendingSignInAttempts))) {
    return { facts, refusal: { reason: "sign_in_expired" }, logMethod };
  }
  const check = await verifySecondFactor(ctx, tenant.policy, user.id, methods, proof, {
    claimLater: true,
  });
  if (!check.ok) {
    const reason =
      check.reason === "locked_out" || check.reason === "code_reused"
        ? check.reason
        : "invalid_code";
    return {
      facts,
      refusal: { reason },
      logMethod,
      // Known only when this failure went through the lockout counter.
      ...(check.counted ? { lockout: { until: check.lockedUntil } } : {}),
    };
  }
  return {
    facts: {
      ...facts,
      secondFactor: {
        by: check.by,
        at: ctx.now(),
        methodId: check.methodId,
        methodKind: check.methodKind,
      },
      rememberDevice: event.rememberDevice,
    },
    logMethod: { id: check.methodId, kind: check.methodKind },
    lockout: { until: undefined },
    ...(check.claim && {
      proofToClaim: {
        ...check.claim,
        ifLost: { facts, refusal: { reason: "code_reused" }, logMethod },
      },
    }),
  };
}
