import type { Context } from "../../context.ts";
import type { Tenant } from "../../directory/types.ts";
import { listRolesOf } from "../../store/queries/roles.ts";

/**
 * Whether this user may register security questions: only when the tenant turned them on, and
 * only for a user who holds no administrator role (Entra offers them only to accounts
 * without administrator privileges). The refusal is an error code.
 */
export async function securityQuestionsRefusal(
  ctx: Context,
  tenant: Tenant,
  userId: string,
): Promise<"security_questions_not_enabled" | "security_questions_admin_denied" | undefined> {
  if (!tenant.policy.securityQuestionsEnabled) return "security_questions_not_enabled";
  if ((await listRolesOf(ctx.store.db, "user", userId)).length > 0)
    return "security_questions_admin_denied";
  return undefined;
}
