import type { Context } from "../context.ts";
import type { SignedIn } from "../sessions/authenticate-session.ts";
import { findSecurityQuestionsRegistration } from "../store/queries/security-questions.ts";
import type { SecurityQuestionsSection } from "./security-questions-page-models.ts";

/**
 * Security info's section on security questions: offered when the tenant turned them on, to a
 * user who holds no administrator role; a set registered before stays listed (to remove) when
 * either is no longer so. Absent otherwise. Never a question nor an answer.
 */
export async function securityQuestionsSection(
  ctx: Context,
  who: SignedIn,
  isAdmin: boolean,
): Promise<SecurityQuestionsSection> {
  const registration = await findSecurityQuestionsRegistration(ctx.store.db, who.user.id);
  const canRegister = who.tenant.policy.securityQuestionsEnabled && !isAdmin;
  if (!canRegister && !registration) return {};
  return {
    securityQuestions: { registeredAt: registration?.registeredAt ?? null, canRegister },
  };
}
