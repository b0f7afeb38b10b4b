import type { PasswordResetMethod } from "../policy/password-reset/password-reset-methods.ts";
import type { PasswordResetsTable } from "../store/schema.ts";

/** A method proven in a reset, and when. */
export type ResetProof = { readonly method: PasswordResetMethod; readonly at: number };

/** The code last sent in a reset: only its keyed hash, bound to the reset. */
export type ResetCode = {
  readonly method: "email" | "sms";
  readonly hash: string;
  readonly expiresAt: number;
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
