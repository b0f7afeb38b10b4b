import { interrupted } from "../decision.ts";
import type { Stop } from "../gate.ts";
import type { Situation } from "../situation.ts";

/**
 * The step that proves a second factor: a code from one of the user's methods, or, for a user
 * with none left, registering one ("Protect your account", seed 000). A user the tenant requires
 * phishing-resistant MFA of is asked for a passkey, or to register one, from the start.
 */
export function askForProof(situation: Situation): Stop {
  const strong = situation.phishingResistantRequired ? { passkeyRequired: true as const } : {};
  if (situation.activeMethods > 0) {
    const onlyKeys = strong.passkeyRequired && situation.passkeys > 0 ? strong : {};
    return { next: "second_factor", ...onlyKeys, log: interrupted("mfa_required") };
  }
  return {
    next: "register",
    required: situation.policy.requiredMethodCount,
    registered: situation.registeredMethods,
    ...strong,
    log: interrupted("registration_required"),
  };
}
