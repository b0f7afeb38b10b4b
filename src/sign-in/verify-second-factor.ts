import type { Context } from "../context.ts";
import {
  clearSecondFactorFailures,
  giveBackSecondFactorAttempt,
  recordSecondFactorFailure,
  takeSecondFactorAttempt,
} from "../lockout/second-factor-lockout.ts";
import { spendUserBackupCode } from "../methods/backup-codes/spend.ts";
import { matchOathCode } from "../methods/software-oath/match-code.ts";
import type { MethodKind } from "../methods/types.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import type { Db } from "../store/open-store.ts";
import {
  claimOathStep,
  incrementFailedAttempts,
  type OathSecretRow,
  readLastStep,
} from "../store/queries/methods.ts";

export type SecondFactorProof =
  | { readonly kind: "code"; readonly code: string; readonly methodId?: string | undefined }
  | { readonly kind: "backupCode"; readonly code: string };

export type SecondFactorCheck =
  | {
      readonly ok: true;
      readonly by: "code" | "backupCode";
      readonly methodId: string | null;
      readonly methodKind: MethodKind | "backupCode";
    }
  | {
      readonly ok: false;
      readonly reason:
        | "invalid_code"
        | "code_reused"
        | "no_method"
        | "method_not_found"
        | "locked_out";
      /** Set when the user is locked out now (this failure may have started it). */
      readonly lockedUntil?: number;
    };

/**
 * The one place a second factor is checked, for every way in (sign-in pages, JSON API, validate
 * API). In order: the lockout counter takes the attempt (a locked-out user gets no check at
 * all); the code is matched in memory; the time step is claimed, or the backup code spent, in one
 * conditional write; the outcome is counted.
 *
 * The code a method accepted last, sent again while it is still valid (a VPN retrying a request
 * whose answer it missed), is refused as `code_reused` but gives its attempt back: it is no
 * guess, and counting it would lock out a user whose client retries (issue 12). Single use is
 * untouched: only the claim accepts. verify-decoy-second-factor.ts mirrors the cost of a wrong
 * code here for a UPN that gets no real check: change both together.
 */
export async function verifySecondFactor(
  ctx: Context,
  policy: TenantPolicy,
  userId: string,
  methods: readonly OathSecretRow[],
  proof: SecondFactorProof,
): Promise<SecondFactorCheck> {
  const db = ctx.store.db;
  const candidates =
    proof.kind === "code" && proof.methodId
      ? methods.filter((m) => m.id === proof.methodId)
      : methods;
  if (proof.kind === "code" && candidates.length === 0) {
    return { ok: false, reason: methods.length === 0 ? "no_method" : "method_not_found" };
  }
  const now = ctx.now();
  const ticket = await takeSecondFactorAttempt(db, now, policy, userId);
  if (!ticket.allowed) return { ok: false, reason: "locked_out", lockedUntil: ticket.lockedUntil };

  let failure: "invalid_code" | "code_reused" = "invalid_code";
  if (proof.kind === "backupCode") {
    if (await spendUserBackupCode(ctx, userId, proof.code)) {
      await clearSecondFactorFailures(db, userId);
      return { ok: true, by: "backupCode", methodId: null, methodKind: "backupCode" };
    }
  } else {
    const match = matchOathCode(ctx.keyring, candidates, proof.code, now, policy.totpWindow);
    // Without a chosen method the default one (listed first) carries the failure, as a person expects.
    let failedMethod = candidates[0] as OathSecretRow;
    if (match) {
      const { lastStep } = match.method;
      const fresh = lastStep === null || match.step > lastStep;
      if (fresh && (await claimOathStep(db, match.method.id, match.step, now))) {
        await clearSecondFactorFailures(db, userId);
        return { ok: true, by: "code", methodId: match.method.id, methodKind: match.method.kind };
      }
      if (await isLastAccepted(db, match, fresh)) {
        await giveBackSecondFactorAttempt(db, now, userId);
        return { ok: false, reason: "code_reused" };
      }
      failure = "code_reused";
      failedMethod = match.method;
    }
    await incrementFailedAttempts(db, failedMethod.id);
  }
  const lockedUntil = await recordSecondFactorFailure(db, now, policy, userId, ticket.attempt);
  return lockedUntil === undefined
    ? { ok: false, reason: failure }
    : { ok: false, reason: failure, lockedUntil };
}

/**
 * Whether a matched code that was not claimed now is the one its method accepted last. A step
 * that looked fresh lost its claim to a request in flight: the store says which step won.
 */
async function isLastAccepted(
  db: Db,
  match: { readonly method: OathSecretRow; readonly step: number },
  lookedFresh: boolean,
): Promise<boolean> {
  if (!lookedFresh) return match.step === match.method.lastStep;
  return (await readLastStep(db, match.method.id)) === match.step;
}
