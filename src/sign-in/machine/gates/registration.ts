import { interrupted } from "../decision.ts";
import type { Gate } from "../gate.ts";
import { registrationPostponed } from "./postponed.ts";

/**
 * Methods are owed: the tenant wants more than the user has, or an administrator asked for a
 * re-registration (seed 003). They are registered before any session starts, method N of M. A
 * user who still has a method proves it first: knowing the password is not enough to add one.
 * While an enrolment campaign runs, a user who chose "Not now" in this sign-in goes on; after
 * its deadline (or once it is ended) the campaign is gone from the situation and registration
 * is owed again.
 */
export const registration: Gate = {
  name: "registration",
  check: (facts, situation) => {
    const required = situation.policy.requiredMethodCount;
    if (!situation.mfaRequired || situation.registeredMethods >= required) return undefined;
    if (registrationPostponed(facts, situation)) return undefined;
    if (facts.secondFactor === null && situation.activeMethods > 0)
      return { next: "second_factor", log: interrupted("mfa_required") };
    return {
      next: "register",
      required,
      registered: situation.registeredMethods,
      log: interrupted("registration_required"),
    };
  },
};
