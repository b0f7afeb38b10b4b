import type { Actor, Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { chooseDefaultMethod } from "./set-default-method.ts";
import { setPreferredMethod } from "./set-preferred-method.ts";

/**
 * The default method as the pages name it: `sms:<phoneType>` or `voice:<phoneType>` for a phone
 * (set-preferred-method.ts), any other value an app's method id (set-default-method.ts, which
 * clears the phone preference).
 */
export async function chooseDefault(
  ctx: Context,
  actor: Actor,
  user: User,
  choice: string,
): Promise<void> {
  if (choice.includes(":")) await setPreferredMethod(ctx, actor, user, choice);
  else await chooseDefaultMethod(ctx, actor, user, choice);
}
