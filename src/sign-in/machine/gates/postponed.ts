import type { SignInFacts } from "../facts.ts";
import type { Situation } from "../situation.ts";

/**
 * The user postponed registration in this sign-in ("Not now, remind me later") and the
 * enrolment campaign that allowed it still runs. A postponement never stands in for a proof
 * that high risk asks for (the risk gate reads the second factor itself).
 */
export function registrationPostponed(facts: SignInFacts, situation: Situation): boolean {
  return (facts.postponedAt ?? null) !== null && situation.campaign !== undefined;
}
