import type { Context } from "../../context.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { regenerateBackupCodes } from "../../methods/backup-codes/regenerate.ts";
import { addPhoneMethod } from "../../methods/phone/add-phone-method.ts";
import { countUnusedBackupCodes } from "../../store/queries/backup-codes.ts";
import { takePendingAttempt } from "../../store/queries/pending-sign-ins.ts";
import { pendingSignInAttempts } from "../pending-sign-in.ts";
import { userActor } from "../user-actor.ts";
import { verifyPhoneCode } from "../verify-phone-code.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * "Verifica completata" (seed 000): the code sent to the number typed at registration came back,
 * so the number is the user's, and becomes one of their phones. Checked like every code: the
 * pending sign-in's budget, then the user's lockout; a sign-in whose user had no method to prove
 * has now proven this one.
 */
export async function applyPhoneRegistration(
  ctx: Context,
  { pending, tenant, user, client }: Continuing,
  event: Extract<ContinuationEvent, { type: "phoneRegistration" }>,
): Promise<Applied> {
  const { facts } = pending;
  const db = ctx.store.db;
  const sent = facts.phoneCode;
  const logMethod = { id: sent?.phoneType ?? null, kind: "sms" };
  if (!(await takePendingAttempt(db, pending.id, pendingSignInAttempts)))
    return { facts, refusal: { reason: "sign_in_expired" }, logMethod };
  const registering = sent?.phoneNumber === undefined ? undefined : sent;
  const check = await verifyPhoneCode(ctx, tenant.policy, {
    userId: user.id,
    pendingSignInId: pending.id,
    sent: registering,
    code: event.code,
  });
  if (!check.ok || !registering?.phoneNumber) {
    const lockedUntil = check.ok ? undefined : check.lockedUntil;
    const reason = !check.ok && check.reason === "locked_out" ? "locked_out" : "invalid_code";
    return { facts, refusal: { reason }, logMethod, lockout: { until: lockedUntil } };
  }
  const actor = userActor(user, client);
  try {
    await addPhoneMethod(ctx, actor, user, {
      phoneType: registering.phoneType,
      phoneNumber: registering.phoneNumber,
    });
  } catch (error) {
    // The type was taken meanwhile (Security info in another tab): the code proved nothing new.
    if (!isVarcoError(error, "phone_type_taken")) throw error;
    return { facts, refusal: { reason: "phone_method_unavailable" }, logMethod };
  }
  const backupCodes =
    (await countUnusedBackupCodes(db, user.id)) === 0
      ? await regenerateBackupCodes(ctx, actor, user)
      : undefined;
  const methodId = `phone:${registering.phoneType}`;
  return {
    facts: {
      ...facts,
      phoneCode: null,
      registered: [...facts.registered, methodId],
      secondFactor: facts.secondFactor ?? {
        by: "registration",
        at: ctx.now(),
        methodId,
        methodKind: "sms",
      },
    },
    logMethod,
    backupCodes,
  };
}
