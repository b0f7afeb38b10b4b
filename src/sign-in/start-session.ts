import type { Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import { reregistrationDone } from "../methods/reregistration.ts";
import { rememberDevice } from "../remembered-devices/remember-device.ts";
import { createSession } from "../sessions/create-session.ts";
import type { Db } from "../store/open-store.ts";
import { updateLastSignIn } from "../store/queries/users.ts";
import type { SignInFacts } from "./machine/facts.ts";
import type { ClientInfo, IssuedToken, MfaSatisfiedBy } from "./types.ts";

/**
 * The end of every successful sign-in, inside the transaction that records it: the session with
 * its strength, a remembered-device token when the user asked for one after proving a second
 * factor, the user's last sign-in, and the end of a re-registration the gates found done. Only
 * the sign-in machine calls it.
 */
export async function startSession(
  ctx: Context,
  tx: Db,
  input: {
    tenant: Tenant;
    user: User;
    facts: SignInFacts;
    mfa: MfaSatisfiedBy;
    client: ClientInfo;
    /** The registration gate found every method the tenant asks for registered. */
    registrationDone: boolean;
  },
): Promise<{ session: IssuedToken; rememberedDevice?: IssuedToken }> {
  const { tenant, user, facts, client } = input;
  const days = tenant.policy.rememberDeviceDays;
  const session = await createSession(ctx, tx, {
    tenantId: tenant.id,
    userId: user.id,
    policy: tenant.policy,
    firstFactor: facts.firstFactor.kind,
    mfa: input.mfa,
    secondFactorAt: facts.secondFactor?.at ?? null,
    secondFactorKind: facts.secondFactor?.methodKind ?? null,
    client,
  });
  const device =
    facts.rememberDevice && facts.secondFactor && days > 0
      ? await rememberDevice(ctx, tx, { tenantId: tenant.id, userId: user.id, days, client })
      : undefined;
  await updateLastSignIn(tx, user.id, ctx.now());
  if (input.registrationDone) await reregistrationDone(tx, user);
  return device ? { session, rememberedDevice: device } : { session };
}
