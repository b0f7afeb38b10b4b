import type { Context } from "../../context.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { regenerateBackupCodes } from "../../methods/backup-codes/regenerate.ts";
import { activateSoftwareOath } from "../../methods/software-oath/activate.ts";
import { countUnusedBackupCodes } from "../../store/queries/backup-codes.ts";
import { takePendingAttempt } from "../../store/queries/pending-sign-ins.ts";
import { pendingSignInAttempts } from "../pending-sign-in.ts";
import { userActor } from "../user-actor.ts";
import type { Applied, ContinuationEvent, Continuing } from "./event.ts";

/**
 * "Protect your account" (seed 000): the app the user just added is activated with a code from
 * it. After the user's first method come the backup codes (seed 004), shown once. A user who
 * had no method to prove has now proven this one.
 */
export async function applyRegistration(
  ctx: Context,
  { pending, tenant, user, client }: Continuing,
  event: Extract<ContinuationEvent, { type: "registration" }>,
): Promise<Applied> {
  const { facts } = pending;
  const db = ctx.store.db;
  const logMethod = { id: event.methodId, kind: "softwareOath" };
  if (!(await takePendingAttempt(db, pending.id, pendingSignInAttempts))) {
    return { facts, refusal: { reason: "sign_in_expired" }, logMethod };
  }
  const actor = userActor(user, client);
  try {
    await activateSoftwareOath(ctx, actor, tenant, user, {
      methodId: event.methodId,
      code: event.code,
    });
  } catch (error) {
    if (!isVarcoError(error, "invalid_code")) throw error;
    return { facts, refusal: { reason: "invalid_code" }, logMethod };
  }
  const backupCodes =
    (await countUnusedBackupCodes(db, user.id)) === 0
      ? await regenerateBackupCodes(ctx, actor, user)
      : undefined;
  const now = ctx.now();
  return {
    facts: {
      ...facts,
      registered: [...facts.registered, event.methodId],
      secondFactor: facts.secondFactor ?? {
        by: "registration",
        at: now,
        methodId: event.methodId,
        methodKind: "softwareOath",
      },
    },
    logMethod,
    backupCodes,
  };
}
