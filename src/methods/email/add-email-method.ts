import type { Actor, Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import type { StoredEmailMethod } from "../../store/queries/email-methods.ts";
import { parseEmailAddress } from "./parse-email-address.ts";
import { saveEmailMethod } from "./save-email-method.ts";

/**
 * An administrator sets the authentication e-mail of a user who has none (Graph's `POST
 * emailMethods`): no code is sent, the administrator vouches for the address, and the audit log
 * says who did. A user who has one already: `email_method_exists` (change it with PATCH).
 */
export async function addEmailMethod(
  ctx: Context,
  actor: Actor,
  user: User,
  emailAddress: string,
): Promise<StoredEmailMethod> {
  return saveEmailMethod(ctx, actor, user, parseEmailAddress(emailAddress), "add");
}
