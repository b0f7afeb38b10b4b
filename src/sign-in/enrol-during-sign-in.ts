import type { Context } from "../context.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { enrolSoftwareOath, type SoftwareOathEnrolment } from "../methods/software-oath/enrol.ts";
import { signInMachine } from "./sign-in-machine.ts";
import type { ClientInfo } from "./types.ts";
import { userActor } from "./user-actor.ts";

/**
 * "Protect your account", method N of M (seed 000): a user whose sign-in stands at registration
 * adds an authenticator app, pending until a code from it arrives as the registration event.
 */
export async function enrolDuringSignIn(
  ctx: Context,
  input: { pendingToken: string | undefined; label: string; client: ClientInfo },
): Promise<SoftwareOathEnrolment> {
  const at = await signInMachine.registering(ctx, input.pendingToken, input.client);
  if (!at) throw new VarcoError("sign_in_expired");
  return enrolSoftwareOath(ctx, userActor(at.user, input.client), at.tenant, at.user, {
    label: input.label,
  });
}
