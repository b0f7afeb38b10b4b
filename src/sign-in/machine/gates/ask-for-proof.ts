import { interrupted } from "../decision.ts";
import type { Stop } from "../gate.ts";
import type { Situation } from "../situation.ts";

/**
 * The step that proves a second factor: a code from one of the user's methods, or, for a user
 * with none left, registering one ("Protect your account", seed 000).
 */
export function askForProof(situation: Situation): Stop {
  if (situation.activeMethods > 0)
    return { next: "second_factor", log: interrupted("mfa_required") };
  return {
    next: "register",
    required: situation.policy.requiredMethodCount,
    registered: situation.registeredMethods,
    log: interrupted("registration_required"),
  };
}
