import type { Context } from "../../context.ts";
import { takePendingAttempt } from "../../store/queries/pending-sign-ins.ts";
import { findPhoneMessage, useApprovedCall } from "../../store/queries/phone-messages.ts";
import { pendingSignInAttempts } from "../pending-sign-in.ts";
import { verifyPhoneCode } from "../verify-phone-code.ts";
import { verifySecondFactor } from "../verify-second-factor.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";
import { applyPasskeyProof } from "./passkey-proof.ts";

/**
 * A code from an authenticator app or a hardware token (the entry the user picked), or a backup
 * code (a code by SMS, a call and a passkey have their own functions, below and passkey-proof.ts). The pending sign-in's own budget takes the attempt first, then the user's lockout
 * (verifySecondFactor); a code is accepted once (invariant 1), claimed with the step it allows.
 */
export async function applySecondFactor(
  ctx: Context,
  continuing: Continuing,
  event: Extract<ContinuationEvent, { type: "secondFactor" }>,
): Promise<Applied> {
  const { pending, tenant, user, methods } = continuing;
  const { facts } = pending;
  const { proof } = event;
  if (proof.kind === "phoneCode") return applyPhoneCode(ctx, { pending, tenant, user }, event);
  if (proof.kind === "phoneCall") return applyPhoneCall(ctx, pending, event);
  if (proof.kind === "passkey") return applyPasskeyProof(ctx, continuing, event);
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

/** The code this sign-in sent by SMS (send-phone-code.ts), as the second factor. */
async function applyPhoneCode(
  ctx: Context,
  { pending, tenant, user }: Pick<Continuing, "pending" | "tenant" | "user">,
  event: Extract<ContinuationEvent, { type: "secondFactor" }>,
): Promise<Applied> {
  const { facts } = pending;
  const sent = facts.phoneCode?.phoneNumber === undefined ? facts.phoneCode : undefined;
  const logMethod = { id: sent ? `sms:${sent.phoneType}` : null, kind: "sms" };
  if (!(await takePendingAttempt(ctx.store.db, pending.id, pendingSignInAttempts)))
    return { facts, refusal: { reason: "sign_in_expired" }, logMethod };
  const check = await verifyPhoneCode(ctx, tenant.policy, {
    userId: user.id,
    pendingSignInId: pending.id,
    sent,
    code: event.proof.kind === "phoneCode" ? event.proof.code : "",
  });
  if (!check.ok) {
    return {
      facts,
      refusal: { reason: check.reason },
      logMethod,
      lockout: { until: check.lockedUntil },
    };
  }
  return {
    facts: {
      ...facts,
      phoneCode: null,
      secondFactor: { by: "code", at: ctx.now(), methodId: logMethod.id, methodKind: "sms" },
      rememberDevice: event.rememberDevice,
    },
    logMethod,
    lockout: { until: undefined },
  };
}

/**
 * The call this sign-in placed (place-phone-call.ts), once the user pressed # on it: what the
 * provider's signed callback recorded is read, and an approval is spent with the step it allows
 * (useApprovedCall), so one answer signs in once. A call still ringing changes nothing and takes
 * no attempt; one denied, reported, unanswered or failed is refused.
 */
async function applyPhoneCall(
  ctx: Context,
  pending: Continuing["pending"],
  event: Extract<ContinuationEvent, { type: "secondFactor" }>,
): Promise<Applied> {
  const { facts } = pending;
  const call = facts.phoneCall;
  const logMethod = { id: call ? `voice:${call.phoneType}` : null, kind: "voice" };
  const row = call ? await findPhoneMessage(ctx.store.db, call.messageId) : undefined;
  if (!call || !row || row.pending_sign_in_id !== pending.id)
    return { facts, refusal: { reason: "phone_call_denied" }, logMethod };
  if (row.status === "calling")
    return { facts, refusal: { reason: "phone_call_waiting" }, logMethod };
  if (row.status !== "approved")
    return { facts, refusal: { reason: "phone_call_denied" }, logMethod };
  const now = ctx.now();
  return {
    facts: {
      ...facts,
      phoneCall: null,
      secondFactor: { by: "phoneCall", at: now, methodId: logMethod.id, methodKind: "voice" },
      rememberDevice: event.rememberDevice,
    },
    logMethod,
    proofToClaim: {
      write: (tx) => useApprovedCall(tx, { id: call.messageId, pendingSignInId: pending.id, now }),
      lost: async () => {},
      ifLost: { facts, refusal: { reason: "phone_call_denied" }, logMethod },
    },
  };
}
