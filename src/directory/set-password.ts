import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { hashPassword } from "../crypto/password.ts";
import { deleteRememberedDevices } from "../store/queries/remembered-devices.ts";
import { findTenantById } from "../store/queries/tenants.ts";
import { updatePasswordHash } from "../store/queries/users.ts";
import { checkPassword } from "./password-rules.ts";
import type { User } from "./types.ts";

export async function setPassword(
  ctx: Context,
  actor: Actor,
  user: User,
  password: string,
): Promise<void> {
  const tenant = await findTenantById(ctx.store.db, user.tenantId);
  const passwordHash = await hashPassword(
    await checkPassword(password, {
      upn: user.upn,
      displayName: user.displayName,
      tenantName: tenant?.name,
      tenantDisplayName: tenant?.displayName,
    }),
  );
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await updatePasswordHash(tx, user.id, passwordHash);
    // A new password ends the trust given to devices under the old one (seed 001).
    const devices = await deleteRememberedDevices(tx, user.id);
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Reset user password",
        targetType: "user",
        targetId: user.id,
        details: { upn: user.upn, rememberedDevicesRevoked: devices },
      },
    );
  });
}
