import { interrupted } from "../decision.ts";
import type { SignInFacts } from "../facts.ts";
import type { Gate } from "../gate.ts";
import type { Situation } from "../situation.ts";

/**
 * A new password is owed, asked by high risk or by an administrator's reset, and not yet chosen
 * during this sign-in.
 */
export function passwordChangeOwed(facts: SignInFacts, { user }: Situation): boolean {
  return (
    !!(user?.passwordChangeRequired || user?.passwordChangeForced) &&
    facts.passwordChangedAt === null
  );
}

/**
 * A new password is owed (high risk, or an administrator's reset with
 * forceChangePasswordNextSignIn): it is chosen before any session starts.
 */
export const passwordChange: Gate = {
  name: "passwordChange",
  check: (facts, situation) =>
    passwordChangeOwed(facts, situation)
      ? { next: "change_password", log: interrupted("password_change_required") }
      : undefined,
};
