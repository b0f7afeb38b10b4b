import { failure } from "../decision.ts";
import type { Gate } from "../gate.ts";

/**
 * Seed 001 "Blocco account": after too many wrong second factors the user is locked out for the
 * tenant's minutes, whatever else would let them through (invariant 2).
 */
export const lockedOut: Gate = {
  name: "lockedOut",
  check: (_facts, { lockedUntil }) =>
    lockedUntil === undefined
      ? undefined
      : { next: "locked", until: lockedUntil, log: failure("locked_out") },
};
