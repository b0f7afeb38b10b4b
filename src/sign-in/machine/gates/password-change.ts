import { interrupted, type PasswordChangeReason } from "../decision.ts";
import type { SignInFacts } from "../facts.ts";
import type { Gate } from "../gate.ts";
import type { Situation } from "../situation.ts";

/**
 * Why a new password is owed, when one is and it was not yet chosen during this sign-in: high
 * risk, or an administrator's reset. When both ask, high risk is named: it is what the user most
 * needs to know, and its gate (risk.ts) already asked for a proof of its own.
 */
export function passwordChangeReason(
  facts: SignInFacts,
  { user }: Situation,
): PasswordChangeReason | undefined {
  if (!user || facts.passwordChangedAt !== null) return undefined;
  if (user.passwordChangeRequired) return "risk";
  if (user.passwordChangeForced) return "administrator";
  return undefined;
}

/** A new password is owed, asked by high risk or by an administrator's reset. */
export function passwordChangeOwed(facts: SignInFacts, situation: Situation): boolean {
  return passwordChangeReason(facts, situation) !== undefined;
}

/**
 * A new password is owed (high risk, or an administrator's reset with
 * forceChangePasswordNextSignIn): it is chosen before any session starts. The step names why,
 * so the page and the JSON answer can tell the user.
 */
export const passwordChange: Gate = {
  name: "passwordChange",
  check: (facts, situation) => {
    const reason = passwordChangeReason(facts, situation);
    return reason
      ? { next: "change_password", reason, log: interrupted("password_change_required") }
      : undefined;
  },
};
