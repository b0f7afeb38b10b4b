import type { Context } from "../context.ts";
import type { Db } from "../store/open-store.ts";
import type { PasswordReset } from "./load-password-reset.ts";
import { recordProof } from "./prove-reset-code.ts";
import type { ResetProof } from "./reset-state.ts";

/** Thrown inside the transaction to undo a claim whose proof another request recorded first. */
class ProofBeaten extends Error {}

/**
 * Records `method` as proven together with what proved it, in one transaction: `claim` spends
 * it (a passkey's challenge and counter, an approved call) with a conditional write, and the
 * proof is recorded only if the reset still stands as it was read (recordProof). Either both
 * land or neither: of two copies of one answer, one proves (invariant 1), and a claim never
 * spends what a proof beaten by another request did not use.
 */
export async function recordClaimedProof(
  ctx: Context,
  reset: PasswordReset,
  method: ResetProof["method"],
  now: number,
  claim: (tx: Db) => Promise<boolean>,
): Promise<boolean> {
  try {
    return await ctx.store.transaction(async (tx) => {
      if (!(await claim(tx))) return false;
      if (await recordProof(ctx, reset, method, now, tx)) return true;
      throw new ProofBeaten();
    });
  } catch (error) {
    if (error instanceof ProofBeaten) return false;
    throw error;
  }
}
