import type { Context } from "../context.ts";
import type { Tenant, User } from "../directory/types.ts";
import { rememberDevice } from "../remembered-devices/remember-device.ts";
import { createSession } from "../sessions/create-session.ts";
import { updateLastSignIn } from "../store/queries/users.ts";
import { recordSignIn } from "./record-sign-in.ts";
import type { ClientInfo, IssuedToken, MfaSatisfiedBy, SignInStep } from "./types.ts";

const methodKindOf: Partial<Record<MfaSatisfiedBy, string>> = {
  backupCode: "backupCode",
  temporaryAccessPass: "temporaryAccessPass",
};

/**
 * The end of every successful sign-in: the session, a remembered-device token when the user
 * asked for one (or the rotated one they came with), the user's last sign-in, and the log entry,
 * in one transaction.
 */
export async function finishSignIn(
  ctx: Context,
  input: {
    tenant: Tenant;
    user: User;
    mfa: MfaSatisfiedBy;
    client: ClientInfo;
    rememberThisDevice?: boolean;
    rotatedDevice?: IssuedToken | undefined;
    methodId?: string | null;
    methodKind?: string;
    backupCodes?: readonly string[];
  },
): Promise<Extract<SignInStep, { kind: "signed_in" }>> {
  const { tenant, user, client } = input;
  const now = ctx.now();
  const days = tenant.policy.rememberDeviceDays;
  return ctx.store.transaction(async (tx) => {
    const session = await createSession(ctx, tx, {
      tenantId: tenant.id,
      userId: user.id,
      policy: tenant.policy,
      mfa: input.mfa,
      client,
    });
    const device =
      input.rotatedDevice ??
      (input.rememberThisDevice && days > 0
        ? await rememberDevice(ctx, tx, { tenantId: tenant.id, userId: user.id, days, client })
        : undefined);
    await updateLastSignIn(tx, user.id, now);
    await recordSignIn(tx, now, {
      tenantId: tenant.id,
      userId: user.id,
      upn: user.upn,
      client,
      result: "success",
      reason: "success",
      methodId: input.methodId ?? null,
      methodKind:
        input.methodKind ?? (input.methodId ? "softwareOath" : (methodKindOf[input.mfa] ?? null)),
      mfa: input.mfa,
    });
    return {
      kind: "signed_in",
      session,
      mfa: input.mfa,
      ...(device ? { rememberedDevice: device } : {}),
      ...(input.backupCodes ? { backupCodes: input.backupCodes } : {}),
    };
  });
}
