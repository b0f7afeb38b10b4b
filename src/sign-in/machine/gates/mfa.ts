import type { MfaSatisfiedBy } from "../../types.ts";
import type { SignInFacts } from "../facts.ts";
import type { Gate } from "../gate.ts";
import type { Situation } from "../situation.ts";
import { askForProof } from "./ask-for-proof.ts";
import { registrationPostponed } from "./postponed.ts";

/**
 * How MFA is satisfied: by a second factor proven in this sign-in, or else by what the tenant's
 * policy lets skip it (seed 001): MFA not asked of this user, a trusted range, a remembered
 * browser. Undefined when it is not.
 */
export function mfaSatisfiedBy(
  facts: SignInFacts,
  situation: Situation,
): MfaSatisfiedBy | undefined {
  if (facts.secondFactor) return facts.secondFactor.by;
  if (!situation.mfaRequired) return "notRequired";
  if (situation.trustedNetwork) return "trustedIp";
  if (situation.deviceRemembered) return "rememberedDevice";
  if (registrationPostponed(facts, situation)) return "registrationPostponed";
  return undefined;
}

/** MFA is required and satisfied, or the user is asked to prove a second factor. */
export const mfa: Gate = {
  name: "mfa",
  check: (facts, situation) =>
    mfaSatisfiedBy(facts, situation) === undefined ? askForProof(situation) : undefined,
};
