import { failure } from "../decision.ts";
import type { Gate } from "../gate.ts";

/** "I didn't try to sign in" (seed 001): a sign-in its user disowned goes no further. */
export const reported: Gate = {
  name: "reported",
  check: (facts) =>
    facts.reportedAt === null
      ? undefined
      : { next: "fraud_reported", log: failure("fraud_reported") },
};
