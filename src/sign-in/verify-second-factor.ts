import type { Context } from "../context.ts";
import {
  clearSecondFactorFailures,
  giveBackSecondFactorAttempt,
  recordSecondFactorFailure,
  returnAttempt,
  takeSecondFactorAttempt,
  ticketOf,
} from "../lockout/second-factor-lockout.ts";
import { findUserBackupCode } from "../methods/backup-codes/spend.ts";
import { matchOathCode } from "../methods/software-oath/match-code.ts";
import type { MethodKind } from "../methods/types.ts";
import type { TenantPolicy } from "../policy/tenant-policy.ts";
import type { Db } from "../store/open-store.ts";
import { spendBackupCode } from "../store/queries/backup-codes.ts";
import { secondFactorCounterKey } from "../store/queries/lockouts.ts";
import {
  claimOathStep,
  incrementFailedAttempts,
  type OathSecretRow,
  readLastStep,
} from "../store/queries/methods.ts";
import type { WriteBatch } from "../store/write-batch.ts";

export type SecondFactorProof =
  | { readonly kind: "code"; readonly code: string; readonly methodId?: string | undefined }
  | { readonly kind: "backupCode"; readonly code: string };

export type SecondFactorCheck =
  | {
      readonly ok: true;
      readonly by: "code" | "backupCode";
      readonly methodId: string | null;
      readonly methodKind: MethodKind | "backupCode";
      /** With `claimLater`: the single-use claim, for the caller to write (ProofClaim). */
      readonly claim?: ProofClaim;
    }
  | {
      readonly ok: false;
      readonly reason:
        | "invalid_code"
        | "code_reused"
        | "no_method"
        | "method_not_found"
        | "locked_out";
      /** Whether the failure took one of the user's attempts (a replay or a wrong method does not). */
      readonly counted: boolean;
      /** Set when the user is locked out now (this failure may have started it). */
      readonly lockedUntil?: number;
    };

/**
 * A proven second factor's single-use claim, deferred so that it lands with the step it allows:
 * `write` spends it and resets the user's lockout, false when a copy of the same proof claimed it
 * a moment ago (nothing is written then). `lost` is for that copy: it proved the factor too, so its
 * attempt is no failure and the count starts again, as for the copy that won.
 */
export type ProofClaim = {
  readonly write: (db: Db) => Promise<boolean>;
  readonly lost: () => Promise<void>;
};

/**
 * The one place a second factor is checked, for every way in (sign-in pages, JSON API, validate
 * API). In order: the lockout counter takes the attempt (a locked-out user gets no check at
 * all); the code is matched in memory; the time step is claimed, or the backup code spent, in one
 * conditional write; the outcome is counted. A backup code already spent is a replay: refused
 * before the counter, which it does not touch. With `claimLater` (a sign-in, whose step must be
 * recorded with the claim or not at all) a matching proof is not claimed here: the caller writes
 * `claim` in the transaction that records the step.
 *
 * The code a method accepted last, sent again while it is still valid (a VPN retrying a request
 * whose answer it missed), is refused as `code_reused` but gives its attempt back: it is no
 * guess, and counting it would lock out a user whose client retries. Single use is
 * untouched: only the claim accepts. verify-decoy-second-factor.ts mirrors the cost of a wrong
 * code here for a UPN that gets no real check: change both together.
 *
 * With `taken` the attempt was counted already, with the read that found the user (a validate
 * call): a proof refused before it is checked gives it back. With `later` the writes that decide
 * nothing (attempts given back, failures counted, the reset after an accepted code) join the
 * caller's batch, which it sends with its sign-in log entry; the claim itself is never deferred.
 */
export async function verifySecondFactor(
  ctx: Context,
  policy: TenantPolicy,
  userId: string,
  methods: readonly OathSecretRow[],
  proof: SecondFactorProof,
  {
    claimLater = false,
    taken,
    later,
  }: {
    claimLater?: boolean;
    taken?: { readonly count: number; readonly expiresAt: number };
    later?: WriteBatch;
  } = {},
): Promise<SecondFactorCheck> {
  const db = ctx.store.db;
  const now = ctx.now();
  const giveBackTaken = () =>
    taken ? returnAttempt(db, now, secondFactorCounterKey(userId), later) : undefined;
  const candidates =
    proof.kind === "code" && proof.methodId
      ? methods.filter((m) => m.id === proof.methodId)
      : methods;
  if (proof.kind === "code" && candidates.length === 0) {
    await giveBackTaken();
    const reason = methods.length === 0 ? "no_method" : "method_not_found";
    return { ok: false, reason, counted: false };
  }
  const backupCode =
    proof.kind === "backupCode" ? await findUserBackupCode(ctx, userId, proof.code) : undefined;
  if (backupCode?.spent) {
    await giveBackTaken();
    return { ok: false, reason: "code_reused", counted: false };
  }
  const ticket = taken
    ? ticketOf(policy, taken)
    : await takeSecondFactorAttempt(db, now, policy, userId);
  if (!ticket.allowed) {
    await giveBackTaken();
    return { ok: false, reason: "locked_out", counted: true, lockedUntil: ticket.lockedUntil };
  }

  let failure: "invalid_code" | "code_reused" = "invalid_code";
  if (proof.kind === "backupCode") {
    if (backupCode !== undefined) {
      const { hash } = backupCode;
      const claim = claimOf(ctx, userId, (tx) => spendBackupCode(tx, userId, hash, now), later);
      const accepted = {
        ok: true,
        by: "backupCode",
        methodId: null,
        methodKind: "backupCode",
      } as const;
      if (claimLater) return { ...accepted, claim };
      if (await claim.write(db)) return accepted;
    }
  } else {
    const match = matchOathCode(ctx.keyring, candidates, proof.code, now, policy.totpWindow);
    // Without a chosen method the default one (listed first) carries the failure, as a person expects.
    let failedMethod = candidates[0] as OathSecretRow;
    if (match) {
      const { id, kind, lastStep } = match.method;
      const fresh = lastStep === null || match.step > lastStep;
      if (fresh) {
        const claim = claimOf(ctx, userId, (tx) => claimOathStep(tx, id, match.step, now), later);
        const accepted = { ok: true, by: "code", methodId: id, methodKind: kind } as const;
        if (claimLater) return { ...accepted, claim };
        if (await claim.write(db)) return accepted;
      }
      if (await isLastAccepted(db, match, fresh)) {
        await giveBackSecondFactorAttempt(db, now, userId, later);
        return { ok: false, reason: "code_reused", counted: false };
      }
      failure = "code_reused";
      failedMethod = match.method;
    }
    await incrementFailedAttempts(db, failedMethod.id, later);
  }
  const lockedUntil = await recordSecondFactorFailure(
    db,
    now,
    policy,
    userId,
    ticket.attempt,
    later,
  );
  return lockedUntil === undefined
    ? { ok: false, reason: failure, counted: true }
    : { ok: false, reason: failure, counted: true, lockedUntil };
}

function claimOf(
  ctx: Context,
  userId: string,
  take: (db: Db) => Promise<boolean>,
  later: WriteBatch | undefined,
): ProofClaim {
  return {
    write: async (db) => {
      if (!(await take(db))) return false;
      await clearSecondFactorFailures(db, userId, later);
      return true;
    },
    lost: () => clearSecondFactorFailures(ctx.store.db, userId),
  };
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
