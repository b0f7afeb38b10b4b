import type { User } from "./types.ts";

/**
 * Whether every sign-in and MFA attempt of the user is denied now (seed 001): a block holds until
 * an administrator lifts it, or, for a fraud report's, until its 90 days are over.
 */
export function isBlocked(user: Pick<User, "blocked" | "blockedUntil">, now: number): boolean {
  return user.blocked && (user.blockedUntil === null || now < user.blockedUntil);
}
