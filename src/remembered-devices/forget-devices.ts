import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { deleteRememberedDevices } from "../store/queries/remembered-devices.ts";

/** Forgets one remembered device of a user, or all of them without `deviceId`. */
export async function forgetDevices(
  ctx: Context,
  actor: Actor,
  user: User,
  deviceId?: string,
): Promise<number> {
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    const count = await deleteRememberedDevices(tx, user.id, deviceId);
    if (deviceId !== undefined && count === 0) throw new VarcoError("not_found", "no such device");
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action:
          deviceId === undefined ? "Revoke all remembered devices" : "Revoke remembered device",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn, deviceId: deviceId ?? null, count },
      },
    );
    return count;
  });
}
