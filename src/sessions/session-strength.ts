import type { SignedIn } from "./authenticate-session.ts";

/**
 * What a signed-in user must prove before a sensitive act: nothing, a second factor again, or,
 * for a user with no method to prove yet, the password again.
 */
export type ProofNeeded = "none" | "second_factor" | "password";

/**
 * Adding, removing or changing a method, and the admin pages, need a session whose second factor
 * (a code, a backup code, a Temporary Access Pass, the registration of the first method) was
 * proven within the tenant's recent-authentication window. A session that skipped MFA (a trusted
 * range, a remembered browser, MFA not asked) has proven none, so it proves one first: knowing
 * the password is not enough to add an authenticator to an account that has one.
 *
 * A user with no method at all has nothing to prove but the password: to add the first one, a
 * password typed within the window is enough. The admin pages (`secondFactorOnly`) never take it.
 */
export function proofNeeded(
  who: SignedIn,
  now: number,
  options: { hasMethod: boolean; secondFactorOnly: boolean },
): ProofNeeded {
  const window = who.tenant.policy.recentAuthenticationMinutes * 60_000;
  const { secondFactorAt, authenticatedAt } = who.session;
  if (secondFactorAt !== null && now - secondFactorAt <= window) return "none";
  if (options.hasMethod || options.secondFactorOnly) return "second_factor";
  return now - authenticatedAt <= window ? "none" : "password";
}
