import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import type { StoredEmailMethod } from "../../store/queries/email-methods.ts";
import { parseEmailAddress } from "./parse-email-address.ts";
import { saveEmailMethod } from "./save-email-method.ts";

/**
 * An administrator changes a user's authentication e-mail (Graph's `PATCH emailMethods/{id}`);
 * `email_method_not_found` when the user has none. The audit entry holds both addresses masked.
 */
export async function updateEmailMethod(
  ctx: Context,
  actor: Actor,
  user: User,
  emailAddress: string,
): Promise<StoredEmailMethod> {
  return saveEmailMethod(ctx, actor, user, parseEmailAddress(emailAddress), "update");
}
