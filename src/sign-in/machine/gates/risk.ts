import type { Gate } from "../gate.ts";
import { askForProof } from "./ask-for-proof.ts";

/**
 * High risk with the tenant's "require a password change" (seed 001): the new password may be
 * chosen only after a second factor proven now, as Entra's secured password change asks, so
 * nothing that skips MFA (a trusted range, a remembered browser, MFA not asked) is enough.
 */
export const risk: Gate = {
  name: "risk",
  check: (facts, situation) =>
    situation.user?.passwordChangeRequired && facts.secondFactor === null
      ? askForProof(situation)
      : undefined,
};
