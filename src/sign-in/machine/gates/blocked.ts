import { failure } from "../decision.ts";
import type { Gate } from "../gate.ts";

/**
 * The user is blocked (by an administrator, or for 90 days after a fraud report), or no longer
 * exists. This gate runs only once the first factor is proven (credentials.ts comes first), so
 * whoever reaches it knows the password: a user who blocked their own account by reporting a
 * sign-in is told so, and how to reach the helpdesk. An administrator's block keeps the answer
 * of a wrong password. A wrong password never gets here, so it answers as it always did.
 */
export const blocked: Gate = {
  name: "blocked",
  check: (_facts, { user }) => {
    if (!user) return { next: "failed", log: failure("user_not_found") };
    if (!user.blocked) return undefined;
    return user.blockedByReport
      ? { next: "blocked", log: failure("user_blocked") }
      : { next: "failed", log: failure("user_blocked") };
  },
};
