import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import { hashPassword } from "../crypto/password.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { deleteAppPasswordsOf } from "../store/queries/app-passwords.ts";
import { endPasswordSignIns } from "../store/queries/pending-sign-ins.ts";
import { deleteRememberedDevices } from "../store/queries/remembered-devices.ts";
import { revokeSessions } from "../store/queries/sessions.ts";
import { findTenantById } from "../store/queries/tenants.ts";
import { setPasswordChangeForced, updatePasswordHash } from "../store/queries/users.ts";
import { checkPassword } from "./password-rules.ts";
import type { User } from "./types.ts";

/**
 * Sets a user's password: by an administrator (a reset) or by the user at sign-in. A new password
 * ends, in the same transaction, every session and every remembered device of the user, and every
 * sign-in begun with the old password but `keepSignIn` (the one changing it): the trust given
 * under the old one, to whoever held it (Entra's MFA settings; Graph's resetPassword signs the user out). `forceChangeNextSignIn` asks the user to choose another at the next sign-in
 * (Graph's passwordProfile.forceChangePasswordNextSignIn); without it the request is cleared, so
 * a password the user chose settles it. A tenant whose passwords live in its directory gets no
 * Varco password: it would never be checked, and the person would believe the change was made.
 */
export async function setPassword(
  ctx: Context,
  actor: Actor,
  user: User,
  password: string,
  options: { forceChangeNextSignIn?: boolean; keepSignIn?: string } = {},
): Promise<{ sessionsRevoked: number; rememberedDevicesRevoked: number }> {
  const tenant = await findTenantById(ctx.store.db, user.tenantId);
  if (tenant?.hasDirectory) {
    throw new VarcoError("password_kept_by_directory");
  }
  const passwordHash = await hashPassword(
    await checkPassword(password, {
      upn: user.upn,
      displayName: user.displayName,
      tenantName: tenant?.name,
      tenantDisplayName: tenant?.displayName,
    }),
  );
  const now = ctx.now();
  const force = options.forceChangeNextSignIn === true;
  return ctx.store.transaction(async (tx) => {
    await updatePasswordHash(tx, user.id, passwordHash);
    await setPasswordChangeForced(tx, user.id, force ? now : null);
    const sessionsRevoked = await revokeSessions(tx, user.id, now);
    const rememberedDevicesRevoked = await deleteRememberedDevices(tx, user.id);
    await deleteAppPasswordsOf(tx, user.id);
    const signInsEnded = await endPasswordSignIns(tx, {
      userId: user.id,
      now,
      except: options.keepSignIn,
    });
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Reset user password",
        targetType: "user",
        targetId: user.id,
        details: {
          upn: user.upn,
          sessionsRevoked,
          rememberedDevicesRevoked,
          signInsEnded,
          forceChangePasswordNextSignIn: force,
        },
      },
    );
    return { sessionsRevoked, rememberedDevicesRevoked };
  });
}
