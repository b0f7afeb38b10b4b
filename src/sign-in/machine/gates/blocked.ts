import { failure } from "../decision.ts";
import type { Gate } from "../gate.ts";

/**
 * The user is blocked (by an administrator, or for 90 days after a fraud report), or no longer
 * exists: the same answer as a wrong password, so a block is told only to whoever knows it.
 */
export const blocked: Gate = {
  name: "blocked",
  check: (_facts, { user }) => {
    if (!user) return { next: "failed", log: failure("user_not_found") };
    return user.blocked ? { next: "failed", log: failure("user_blocked") } : undefined;
  },
};
