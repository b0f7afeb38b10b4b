import type { PasswordResetMethod } from "../policy/password-reset/password-reset-methods.ts";
import type { PasswordResetsTable } from "../store/schema.ts";

/** A method proven in a reset, and when. */
export type ResetProof = { readonly method: PasswordResetMethod; readonly at: number };

/**
 * What a reset waits for: the code last sent (only its keyed hash, bound to the reset), or the
 * call last asked for (place-reset-call.ts), by the id of its `phone_messages` row.
 */
export type ResetCode = {
  readonly method: "email" | "sms" | "voice";
  /** An SMS code's keyed hash; empty for an e-mailed code and a call. */
  readonly hash: string;
  readonly expiresAt: number;
  /**
   * A call's `phone_messages` id: the call placed, or, when none was (a number that is not the
   * user's, a reset that names nobody, the limits), an id no call has.
   */
  readonly messageId?: string;
};

export function proofsOf(row: PasswordResetsTable): readonly ResetProof[] {
  return JSON.parse(row.proven_json) as ResetProof[];
}

export function codeOf(row: PasswordResetsTable): ResetCode | undefined {
  return row.code_json === null ? undefined : (JSON.parse(row.code_json) as ResetCode);
}

export function questionsOf(row: PasswordResetsTable): readonly string[] {
  return row.questions_json === null ? [] : (JSON.parse(row.questions_json) as string[]);
}

/** Wrong answers a reset allows before it is over and the person starts again. */
export const maxResetFailures = 5;

/** How long a reset lasts from the user name to the new password. */
export const resetLifetimeMs = 15 * 60_000;

/** How long a code sent in a reset is good for. */
export const resetCodeLifetimeMs = 10 * 60_000;
