import type { SignInReason } from "../record-sign-in.ts";
import type { MfaSatisfiedBy } from "../types.ts";

/**
 * Why a new password is owed: high risk (the tenant's "require a password change"), or
 * an administrator's reset with Graph's forceChangePasswordNextSignIn.
 */
export type PasswordChangeReason = "risk" | "administrator";

/** The sign-in log line a decision writes when the event behind it was accepted. */
export type LogLine = {
  readonly result: "success" | "failure" | "interrupted";
  readonly reason: SignInReason;
};

export const failure = (reason: SignInReason): LogLine => ({ result: "failure", reason });
export const interrupted = (reason: SignInReason): LogLine => ({ result: "interrupted", reason });

/**
 * What the gates decide after an event: the next step, and the log line it writes. `ends` tells
 * whether the sign-in is over (refused, or the session started).
 */
export type Decision = { readonly gate: string; readonly log: LogLine } & (
  | { readonly next: "failed" }
  | { readonly next: "throttled"; readonly retryAt: number }
  | { readonly next: "expired" }
  | { readonly next: "blocked" }
  | { readonly next: "locked"; readonly until: number }
  | { readonly next: "pass_not_yet_valid"; readonly startAt: number }
  | { readonly next: "fraud_reported" }
  | { readonly next: "second_factor"; readonly passkeyRequired?: true }
  | { readonly next: "change_password"; readonly reason: PasswordChangeReason }
  | {
      readonly next: "register";
      readonly required: number;
      readonly registered: number;
      readonly passkeyRequired?: true;
    }
  | { readonly next: "session"; readonly mfa: MfaSatisfiedBy }
);

/** Steps at which the sign-in waits for the user: it is kept (or stored) for the next event. */
export const waitingSteps = ["second_factor", "change_password", "register"] as const;
export type WaitingStep = (typeof waitingSteps)[number];

export function waits(decision: Decision): decision is Decision & { next: WaitingStep } {
  return (waitingSteps as readonly string[]).includes(decision.next);
}
