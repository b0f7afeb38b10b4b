import { interrupted } from "../decision.ts";
import { phishingResistant } from "../facts.ts";
import type { Gate } from "../gate.ts";

/**
 * Entra's authentication strength "Phishing-resistant MFA": a user the tenant requires it of
 * (admin roles, or the groups it names) signs in only with a passkey or security key proven or
 * registered in this sign-in, whatever else satisfied MFA (a code, a trusted range, a remembered
 * browser). One who has a key is asked for it; one who has none registers one now, after the
 * proof they have (a code, or a Temporary Access Pass for one who has nothing).
 */
export const authenticationStrength: Gate = {
  name: "authenticationStrength",
  check: (facts, situation) => {
    if (!situation.phishingResistantRequired || phishingResistant(facts.secondFactor))
      return undefined;
    const log = interrupted("phishing_resistant_required");
    if (situation.passkeys > 0) return { next: "second_factor", passkeyRequired: true, log };
    if (facts.secondFactor === null && situation.activeMethods > 0)
      return { next: "second_factor", log };
    return {
      next: "register",
      required: situation.policy.requiredMethodCount,
      registered: situation.registeredMethods,
      passkeyRequired: true,
      log,
    };
  },
};
