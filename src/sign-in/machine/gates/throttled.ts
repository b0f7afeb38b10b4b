import { failure } from "../decision.ts";
import type { Gate } from "../gate.ts";

/**
 * The event's attempt was refused before anything was checked (invariant 2): by the password
 * throttle, or because the pending sign-in used up its own attempts (the password is needed
 * again).
 */
export const throttled: Gate = {
  name: "throttled",
  check: (_facts, { refusal }) => {
    if (refusal?.reason === "throttled")
      return { next: "throttled", retryAt: refusal.retryAt, log: failure("throttled") };
    if (refusal?.reason === "sign_in_expired")
      return { next: "expired", log: failure("sign_in_expired") };
    return undefined;
  },
};
